package io.tradewind.model.report;

/** Sort directions. */
public enum SortDirection {
    ASC, DESC
}
