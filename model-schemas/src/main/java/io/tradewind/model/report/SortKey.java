package io.tradewind.model.report;

/** A sort key. */
public record SortKey(String key, SortDirection direction) {
}
