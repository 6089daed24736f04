package io.tradewind.model.form;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * A web address. JSON type {@code "url"}.
 *
 * @param key
 *            the field key
 * @param label
 *            the label, null when absent
 * @param description
 *            a help text, null when absent
 * @param required
 *            whether a value is required (default false)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UrlField(String key,
        I18nText label,
        I18nText description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required) implements FieldDefinition {

    /** The JSON type name. */
    public static final String TYPE = "url";

    /** Checks the key, copies lists and applies the documented defaults. */
    public UrlField {
        key = FieldSupport.requireKey(key);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
