package io.tradewind.model.form;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * A reference to a record of another (or the same) form of the app. JSON type {@code "link"}.
 *
 * @param key
 *            the field key
 * @param label
 *            the label, null when absent
 * @param description
 *            a help text, null when absent
 * @param required
 *            whether a value is required (default false)
 * @param form
 *            the key of the target form
 * @param display
 *            a top-level field of the target form used as the caption, null when absent
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LinkField(String key,
        I18nText label,
        I18nText description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required,
        String form,
        String display) implements FieldDefinition {

    /** The JSON type name. */
    public static final String TYPE = "link";

    /** Checks the key and required properties, copies lists and applies the documented defaults. */
    public LinkField {
        key = FieldSupport.requireKey(key);
        Objects.requireNonNull(form, "form");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
