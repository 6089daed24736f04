package io.tradewind.model.report;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** The kind of value a report parameter takes; lower case in JSON ({@code "date"}). */
public enum ParameterType {
    /** A date, {@code yyyy-MM-dd}. */
    DATE,
    /** A date-time with offset. */
    DATETIME,
    /** A text. */
    TEXT,
    /** A number. */
    NUMBER,
    /** A user id. */
    USER,
    /** A department id. */
    DEPARTMENT,
    /** An ISO 3166-1 alpha-2 country code. */
    COUNTRY,
    /** One of the parameter's {@code options}. */
    SELECT;

    /** The JSON name: the constant in lower case. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
