package io.tradewind.model.form;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.tradewind.model.I18nText;

/**
 * An ISO 3166-1 alpha-2 country code. JSON type {@code "country"}.
 *
 * @param key
 *            the field key
 * @param label
 *            the label, null when absent
 * @param description
 *            a help text, null when absent
 * @param required
 *            whether a value is required (default false)
 * @param defaultValue
 *            the default country code, null when absent
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CountryField(String key,
        I18nText label,
        I18nText description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required,
        @JsonProperty("default") String defaultValue) implements FieldDefinition {

    /** The JSON type name. */
    public static final String TYPE = "country";

    /** Checks the key, copies lists and applies the documented defaults. */
    public CountryField {
        key = FieldSupport.requireKey(key);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
