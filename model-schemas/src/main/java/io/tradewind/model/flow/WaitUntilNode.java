package io.tradewind.model.flow;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * Waits until a moment computed from the record, e.g. {@code addDays(expectedCloseDate, -7)}. JSON
 * type {@code "waitUntil"}. A moment in the past goes on at once.
 *
 * @param key
 *            the node key
 * @param label
 *            the label, null when absent
 * @param until
 *            an expression giving a date (start of day, tenant time zone) or a date-time
 * @param next
 *            the node after it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WaitUntilNode(String key, I18nText label, String until, String next) implements FlowNode {

    /** The JSON type name. */
    public static final String TYPE = "waitUntil";

    /** Checks the key, moment and next. */
    public WaitUntilNode {
        FlowSupport.requireKey(key);
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(next, "next");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Edge> edges() {
        return List.of(new Edge("/next", next));
    }

    @Override
    public boolean waits() {
        return true;
    }
}
