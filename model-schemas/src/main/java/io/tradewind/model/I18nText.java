package io.tradewind.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A text in several languages: language tag (e.g. {@code en}, {@code zh}, {@code pt-BR}) to text.
 * Written in JSON as a plain object, e.g. {@code {"en": "Quote", "zh": "报价单"}}. The order of the
 * entries is kept.
 *
 * @param values
 *            language tag to text; copied, at least one entry
 */
public record I18nText(@JsonValue Map<String, String> values) {

    /** The language used when the requested one is missing. */
    public static final String FALLBACK_LANGUAGE = "en";

    /** Copies the map, keeping its order; rejects null, empty maps and null entries. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public I18nText {
        Objects.requireNonNull(values, "values");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an I18nText needs at least one language");
        }
        var copy = new LinkedHashMap<String, String>();
        values.forEach((lang, text) -> copy.put(Objects.requireNonNull(lang, "language"),
                Objects.requireNonNull(text, "text of " + lang)));
        values = Collections.unmodifiableMap(copy);
    }

    /** A text in English only. */
    public static I18nText en(String text) {
        return new I18nText(Map.of(FALLBACK_LANGUAGE, text));
    }

    /**
     * The text in the given language, else in English, else the first one given.
     *
     * @param lang
     *            a language tag, may be null
     */
    public String text(String lang) {
        if (lang != null && values.containsKey(lang)) {
            return values.get(lang);
        }
        if (values.containsKey(FALLBACK_LANGUAGE)) {
            return values.get(FALLBACK_LANGUAGE);
        }
        return values.values().iterator().next();
    }
}
