package io.tradewind.runtime.script;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cross-field rule: when {@code when} is truthy, the record is refused with {@code message}.
 *
 * @param key
 *            the rule's key
 * @param when
 *            JavaScript expression over the top-level fields
 * @param message
 *            the message by language ({@code en}, {@code zh}, ...)
 * @param fields
 *            the fields the violation points at; the first one is used
 */
public record Rule(String key, String when, Map<String, String> message, List<String> fields) {

    public Rule {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(when, "when");
        message = Map.copyOf(message);
        fields = List.copyOf(fields);
    }
}
