package io.tradewind.model.flow;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * A parallel join: waits until every branch of the split before it has arrived, then goes on. JSON
 * type {@code "join"}.
 *
 * @param key
 *            the node key
 * @param label
 *            the label, null when absent
 * @param next
 *            the node after the join
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JoinNode(String key, I18nText label, String next) implements FlowNode {

    /** The JSON type name. */
    public static final String TYPE = "join";

    /** Rejects a null key and next. */
    public JoinNode {
        FlowSupport.requireKey(key);
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
}
