package io.tradewind.model.flow;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * Runs another flow of the app on the same record and goes on when it has ended. JSON type
 * {@code "subflow"}. The called flow's trigger is not evaluated. It counts as waiting (for cycles)
 * when the called flow has a node that waits.
 *
 * @param key
 *            the node key
 * @param label
 *            the label, null when absent
 * @param flow
 *            the key of the flow to run; it must be about the same form (or about none)
 * @param next
 *            the node after it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubflowNode(String key, I18nText label, String flow, String next) implements FlowNode {

    /** The JSON type name. */
    public static final String TYPE = "subflow";

    /** Checks the key, flow and next. */
    public SubflowNode {
        FlowSupport.requireKey(key);
        Objects.requireNonNull(flow, "flow");
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
