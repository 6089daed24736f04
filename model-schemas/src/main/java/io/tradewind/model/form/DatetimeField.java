package io.tradewind.model.form;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.tradewind.model.I18nText;

/**
 * An instant (date and time with offset). JSON type {@code "datetime"}.
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
 *            {@value #NOW} or an ISO-8601 date-time with offset, null when absent
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DatetimeField(String key,
        I18nText label,
        I18nText description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required,
        @JsonProperty("default") String defaultValue) implements FieldDefinition {

    /** The JSON type name. */
    public static final String TYPE = "datetime";
    /** The default meaning the current instant. */
    public static final String NOW = "now";

    /** Checks the key, copies lists and applies the documented defaults. */
    public DatetimeField {
        key = FieldSupport.requireKey(key);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
