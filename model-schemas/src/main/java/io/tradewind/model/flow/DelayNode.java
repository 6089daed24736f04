package io.tradewind.model.flow;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * Waits for a fixed time. JSON type {@code "delay"}.
 *
 * @param key
 *            the node key
 * @param label
 *            the label, null when absent
 * @param duration
 *            an ISO 8601 duration, e.g. {@code PT4H} or {@code P2D}
 * @param next
 *            the node after it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DelayNode(String key, I18nText label, String duration, String next) implements FlowNode {

    /** The JSON type name. */
    public static final String TYPE = "delay";

    /** Checks the key, duration and next. */
    public DelayNode {
        FlowSupport.requireKey(key);
        Objects.requireNonNull(duration, "duration");
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
