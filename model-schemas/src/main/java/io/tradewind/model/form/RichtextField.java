package io.tradewind.model.form;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * Formatted text (sanitized HTML). JSON type {@code "richtext"}.
 *
 * @param key
 *            the field key
 * @param label
 *            the label, null when absent
 * @param description
 *            a help text, null when absent
 * @param required
 *            whether a value is required (default false)
 * @param maxLength
 *            maximum length, default {@value #DEFAULT_MAX_LENGTH}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RichtextField(String key,
        I18nText label,
        I18nText description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required,
        Integer maxLength) implements FieldDefinition {

    /** The JSON type name. */
    public static final String TYPE = "richtext";
    /** Default of {@code maxLength}. */
    public static final int DEFAULT_MAX_LENGTH = 100000;

    /** Checks the key, copies lists and applies the documented defaults. */
    public RichtextField {
        key = FieldSupport.requireKey(key);
        maxLength = maxLength == null ? DEFAULT_MAX_LENGTH : maxLength;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
