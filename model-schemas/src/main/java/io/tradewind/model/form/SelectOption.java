package io.tradewind.model.form;

import java.util.LinkedHashMap;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.tradewind.model.I18nText;

/**
 * An option of a select or multiselect field. In JSON either a plain string (the value, which is
 * also its caption) or an object {@code {"value": "...", "label": {...}}}; it is written back as a
 * string when it has no label.
 *
 * @param value
 *            the stored value
 * @param label
 *            the caption, null when absent
 */
public record SelectOption(String value, I18nText label) {

    /** Rejects a null value. */
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public SelectOption {
        Objects.requireNonNull(value, "value");
    }

    /** An option given as a plain string. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SelectOption of(String value) {
        return new SelectOption(value, null);
    }

    /** The caption in the given language, falling back to the value when there is no label. */
    public String text(String lang) {
        return label == null ? value : label.text(lang);
    }

    @JsonValue
    Object toJson() {
        if (label == null) {
            return value;
        }
        var json = new LinkedHashMap<String, Object>();
        json.put("value", value);
        json.put("label", label);
        return json;
    }
}
