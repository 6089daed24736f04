package io.tradewind.model.report;

/** Aggregations. */
public enum Aggregation {
    COUNT, SUM, AVG, MIN, MAX, COUNT_DISTINCT
}
