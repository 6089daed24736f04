package io.tradewind.model.form;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.tradewind.model.I18nText;

/**
 * Multi-line plain text. JSON type {@code "textarea"}.
 *
 * @param key
 *            the field key
 * @param label
 *            the label, null when absent
 * @param description
 *            a help text, null when absent
 * @param required
 *            whether a value is required (default false)
 * @param minLength
 *            minimum length, null when absent
 * @param maxLength
 *            maximum length, default {@value #DEFAULT_MAX_LENGTH}
 * @param defaultValue
 *            the default value, null when absent
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TextareaField(String key,
        I18nText label,
        I18nText description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required,
        Integer minLength,
        Integer maxLength,
        @JsonProperty("default") String defaultValue) implements FieldDefinition {

    /** The JSON type name. */
    public static final String TYPE = "textarea";
    /** Default of {@code maxLength}. */
    public static final int DEFAULT_MAX_LENGTH = 10000;

    /** Checks the key, copies lists and applies the documented defaults. */
    public TextareaField {
        key = FieldSupport.requireKey(key);
        maxLength = maxLength == null ? DEFAULT_MAX_LENGTH : maxLength;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
