package io.tradewind.model.report;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a measure aggregates; lower camel case in JSON ({@code "count"}, {@code "countDistinct"}).
 */
public enum Aggregation {
    /** The number of rows (with a field: of rows where it is not empty). */
    COUNT("count"),
    /** The sum of a number-like field. */
    SUM("sum"),
    /** The average of a number-like field. */
    AVG("avg"),
    /** The smallest value of a number-like, date or datetime field. */
    MIN("min"),
    /** The largest value of a number-like, date or datetime field. */
    MAX("max"),
    /** The number of different non-empty values of a scalar field. */
    COUNT_DISTINCT("countDistinct");

    private final String json;

    Aggregation(String json) {
        this.json = json;
    }

    /** The JSON name. */
    @JsonValue
    public String json() {
        return json;
    }
}
