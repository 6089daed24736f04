package io.tradewind.model.form;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.tradewind.model.I18nText;

/**
 * A calendar date. JSON type {@code "date"}.
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
 *            earliest allowed date (ISO yyyy-MM-dd), null when absent
 * @param max
 *            latest allowed date (ISO yyyy-MM-dd), null when absent
 * @param defaultValue
 *            {@value #TODAY} or an ISO date, null when absent
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DateField(String key,
        I18nText label,
        I18nText description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required,
        String min,
        String max,
        @JsonProperty("default") String defaultValue) implements FieldDefinition {

    /** The JSON type name. */
    public static final String TYPE = "date";
    /** The default meaning the current date. */
    public static final String TODAY = "today";

    /** Checks the key, copies lists and applies the documented defaults. */
    public DateField {
        key = FieldSupport.requireKey(key);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
