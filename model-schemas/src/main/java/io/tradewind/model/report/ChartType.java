package io.tradewind.model.report;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** The kind of chart; lower case in JSON ({@code "bar"}). */
public enum ChartType {
    /** One big number: the first {@code y} measure of the single result row. */
    NUMBER,
    /** Bars per {@code x} value. */
    BAR,
    /** A line over {@code x}. */
    LINE,
    /** A filled line over {@code x}. */
    AREA,
    /** Slices per {@code x} value. */
    PIE,
    /** Stages in {@code stages} order, with stage-to-stage conversion. */
    FUNNEL,
    /** The result rows as a table. */
    TABLE,
    /** A cross table of {@code rows} by {@code columns}. */
    PIVOT,
    /** A ranked list of {@code x} values by the first {@code y} measure. */
    LEADERBOARD,
    /** A world map coloured per country of the {@code x} dimension. */
    MAP;

    /** The JSON name: the constant in lower case. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
