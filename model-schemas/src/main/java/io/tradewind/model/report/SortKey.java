package io.tradewind.model.report;

import java.util.Objects;

/**
 * One sort key of a report's result.
 *
 * @param key
 *            a dimension or measure key
 * @param direction
 *            the direction; {@link SortDirection#ASC} when absent
 */
public record SortKey(String key, SortDirection direction) {

    /** Rejects a null key; an absent direction is ascending. */
    public SortKey {
        Objects.requireNonNull(key, "key");
        direction = direction == null ? SortDirection.ASC : direction;
    }
}
