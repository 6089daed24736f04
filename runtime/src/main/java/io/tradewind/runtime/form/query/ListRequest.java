package io.tradewind.runtime.form.query;

/** The query parameters of a record list, as sent (all optional). */
public record ListRequest(String filter, String sort, String limit, String cursor, String q) {
    /** Page size when none is asked for. */
    public static final int DEFAULT_LIMIT = 50;
    /** Largest page; a larger {@code limit} is clamped to it. */
    public static final int MAX_LIMIT = 200;
}
