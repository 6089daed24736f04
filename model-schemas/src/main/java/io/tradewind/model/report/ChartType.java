package io.tradewind.model.report;

/** Chart types. */
public enum ChartType {
    NUMBER, BAR, LINE, AREA, PIE, FUNNEL, TABLE, PIVOT, LEADERBOARD, MAP
}
