package io.tradewind.model.report;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * A group-by column of a report.
 *
 * @param key
 *            the dimension key, unique among the report's dimensions and measures
 * @param field
 *            a field path: a field of the dataset (or its row) including system fields, {@code
 *            parent.<field>} in a subtable dataset, or one join {@code <linkField>.<targetField>}
 * @param bucket
 *            how a date or datetime value is grouped (in the tenant's time zone), null when absent
 * @param label
 *            the label, null when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Dimension(String key, String field, DateBucket bucket, I18nText label) {

    /** Rejects null key and field. */
    public Dimension {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(field, "field");
    }
}
