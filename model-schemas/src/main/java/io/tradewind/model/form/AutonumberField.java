package io.tradewind.model.form;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * A number assigned on creation from a pattern such as {@code Q-{yyyy}-{seq:5}}; see
 * {@link AutonumberPattern}. JSON type {@code "autonumber"}.
 *
 * @param key
 *            the field key
 * @param label
 *            the label, null when absent
 * @param description
 *            a help text, null when absent
 * @param required
 *            whether a value is required (default false)
 * @param pattern
 *            the numbering pattern
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AutonumberField(String key,
        I18nText label,
        I18nText description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required,
        String pattern) implements FieldDefinition {

    /** The JSON type name. */
    public static final String TYPE = "autonumber";

    /** Checks the key and required properties, copies lists and applies the documented defaults. */
    public AutonumberField {
        key = FieldSupport.requireKey(key);
        Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
