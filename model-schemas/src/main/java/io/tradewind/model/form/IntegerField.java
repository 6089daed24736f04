package io.tradewind.model.form;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.tradewind.model.I18nText;

/**
 * A whole number. JSON type {@code "integer"}.
 *
 * @param key
 *            the field key
 * @param label
 *            the label, null when absent
 * @param description
 *            a help text, null when absent
 * @param required
 *            whether a value is required (default false)
 * @param min
 *            smallest allowed value, null when absent
 * @param max
 *            largest allowed value, null when absent
 * @param unique
 *            whether values must be unique among the form's records
 * @param defaultValue
 *            the default value, null when absent
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record IntegerField(String key,
        I18nText label,
        I18nText description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required,
        Long min,
        Long max,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean unique,
        @JsonProperty("default") Long defaultValue) implements FieldDefinition {

    /** The JSON type name. */
    public static final String TYPE = "integer";

    /** Checks the key, copies lists and applies the documented defaults. */
    public IntegerField {
        key = FieldSupport.requireKey(key);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
