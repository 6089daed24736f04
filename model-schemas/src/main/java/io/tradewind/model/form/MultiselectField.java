package io.tradewind.model.form;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.tradewind.model.I18nText;

/**
 * Several values out of a list of options. JSON type {@code "multiselect"}.
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
 *            the default option values, empty when absent
 * @param minItems
 *            fewest values allowed, null when absent
 * @param maxItems
 *            most values allowed, null when absent
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MultiselectField(String key,
        I18nText label,
        I18nText description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required,
        List<SelectOption> options,
        @JsonProperty("default") List<String> defaultValue,
        Integer minItems,
        Integer maxItems) implements FieldDefinition {

    /** The JSON type name. */
    public static final String TYPE = "multiselect";

    /** Checks the key, copies lists and applies the documented defaults. */
    public MultiselectField {
        key = FieldSupport.requireKey(key);
        options = FieldSupport.copy(options);
        defaultValue = FieldSupport.copy(defaultValue);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
