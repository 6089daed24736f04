package io.tradewind.model.form;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * A phone number. JSON type {@code "phone"}.
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
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PhoneField(String key,
        I18nText label,
        I18nText description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean unique) implements FieldDefinition {

    /** The JSON type name. */
    public static final String TYPE = "phone";

    /** Checks the key, copies lists and applies the documented defaults. */
    public PhoneField {
        key = FieldSupport.requireKey(key);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
