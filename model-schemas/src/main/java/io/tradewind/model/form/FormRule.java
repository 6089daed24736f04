package io.tradewind.model.form;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * A validation rule of a form: when the expression {@code when} is true, the record is invalid and
 * {@code message} is reported on the first of {@code fields} (or on the record as a whole when
 * there are none).
 *
 * @param key
 *            the rule key, unique in the form
 * @param when
 *            a JavaScript expression over the form's top-level fields
 * @param message
 *            the message shown when the rule fires
 * @param fields
 *            keys of the fields the message belongs to; empty when absent
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FormRule(String key, String when, I18nText message, List<String> fields) {

    /** Rejects null key, expression and message; copies the field list. */
    public FormRule {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(message, "message");
        fields = FieldSupport.copy(fields);
    }
}
