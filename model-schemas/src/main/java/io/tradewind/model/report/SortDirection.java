package io.tradewind.model.report;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** A sort direction; lower case in JSON ({@code "asc"}, {@code "desc"}). */
public enum SortDirection {
    /** Smallest first. */
    ASC,
    /** Largest first. */
    DESC;

    /** The JSON name: the constant in lower case. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
