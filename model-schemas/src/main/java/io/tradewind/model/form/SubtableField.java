package io.tradewind.model.form;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * Child rows, each with its own fields (no nested subtables, no autonumbers). JSON type
 * {@code "subtable"}.
 *
 * @param key
 *            the field key
 * @param label
 *            the label, null when absent
 * @param description
 *            a help text, null when absent
 * @param required
 *            whether a value is required (default false)
 * @param fields
 *            the fields of a row, non-empty
 * @param minRows
 *            fewest rows allowed, null when absent
 * @param maxRows
 *            most rows allowed, default {@value #DEFAULT_MAX_ROWS}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SubtableField(String key,
        I18nText label,
        I18nText description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required,
        List<FieldDefinition> fields,
        Integer minRows,
        Integer maxRows) implements FieldDefinition {

    /** The JSON type name. */
    public static final String TYPE = "subtable";
    /** Default of {@code maxRows}. */
    public static final int DEFAULT_MAX_ROWS = 500;

    /** Checks the key and required properties, copies lists and applies the documented defaults. */
    public SubtableField {
        key = FieldSupport.requireKey(key);
        fields = FieldSupport.copy(Objects.requireNonNull(fields, "fields"));
        maxRows = maxRows == null ? DEFAULT_MAX_ROWS : maxRows;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
