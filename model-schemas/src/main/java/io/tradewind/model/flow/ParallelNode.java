package io.tradewind.model.flow;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * A parallel split: every branch runs; a {@link JoinNode} further on waits for them. JSON type
 * {@code "parallel"}.
 *
 * @param key
 *            the node key
 * @param label
 *            the label, null when absent
 * @param branches
 *            the keys of the nodes that start the branches; at least two
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ParallelNode(String key, I18nText label, List<String> branches) implements FlowNode {

    /** The JSON type name. */
    public static final String TYPE = "parallel";

    /** Checks the key; copies the branches. */
    public ParallelNode {
        FlowSupport.requireKey(key);
        branches = FlowSupport.copy(branches);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Edge> edges() {
        List<Edge> out = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            out.add(new Edge("/branches/" + i, branches.get(i)));
        }
        return out;
    }
}
