package io.tradewind.model.report;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a date dimension groups its values, in the tenant's time zone; lower case in JSON
 * ({@code "month"}). Weeks start on Monday (ISO).
 */
public enum DateBucket {
    /** One calendar day. */
    DAY,
    /** One ISO week. */
    WEEK,
    /** One calendar month. */
    MONTH,
    /** One calendar quarter. */
    QUARTER,
    /** One calendar year. */
    YEAR;

    /** The JSON name: the constant in lower case. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
