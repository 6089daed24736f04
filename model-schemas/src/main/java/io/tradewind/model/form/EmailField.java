package io.tradewind.model.form;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.tradewind.model.I18nText;

/**
 * An e-mail address. JSON type {@code "email"}.
 *
 * @param key
 *            the field key
 * @param label
 *            the label, null when absent
 * @param description
 *            a help text, null when absent
 * @param required
 *            whether a value is required (default false)
 * @param unique
 *            whether values must be unique among the form's records
 * @param defaultValue
 *            the default value, null when absent
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EmailField(String key,
        I18nText label,
        I18nText description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean unique,
        @JsonProperty("default") String defaultValue) implements FieldDefinition {

    /** The JSON type name. */
    public static final String TYPE = "email";

    /** Checks the key, copies lists and applies the documented defaults. */
    public EmailField {
        key = FieldSupport.requireKey(key);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
