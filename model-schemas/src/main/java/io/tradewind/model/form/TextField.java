package io.tradewind.model.form;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.tradewind.model.I18nText;

/**
 * A single line of text. JSON type {@code "text"}.
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
 * @param pattern
 *            a Java regular expression the whole value must match, null when absent
 * @param unique
 *            whether values must be unique among the form's records
 * @param defaultValue
 *            the default value, null when absent
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TextField(String key,
        I18nText label,
        I18nText description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required,
        Integer minLength,
        Integer maxLength,
        String pattern,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean unique,
        @JsonProperty("default") String defaultValue) implements FieldDefinition {

    /** The JSON type name. */
    public static final String TYPE = "text";
    /** Default of {@code maxLength}. */
    public static final int DEFAULT_MAX_LENGTH = 255;

    /** Checks the key, copies lists and applies the documented defaults. */
    public TextField {
        key = FieldSupport.requireKey(key);
        maxLength = maxLength == null ? DEFAULT_MAX_LENGTH : maxLength;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
