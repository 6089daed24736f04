package io.tradewind.model.form;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.tradewind.model.I18nText;

/**
 * One value out of a list of options. JSON type {@code "select"}.
 *
 * @param key
 *            the field key
 * @param label
 *            the label, null when absent
 * @param description
 *            a help text, null when absent
 * @param required
 *            whether a value is required (default false)
 * @param options
 *            the options, in display order
 * @param defaultValue
 *            the default option value, null when absent
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SelectField(String key,
        I18nText label,
        I18nText description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required,
        List<SelectOption> options,
        @JsonProperty("default") String defaultValue) implements FieldDefinition {

    /** The JSON type name. */
    public static final String TYPE = "select";

    /** Checks the key, copies lists and applies the documented defaults. */
    public SelectField {
        key = FieldSupport.requireKey(key);
        options = FieldSupport.copy(options);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
