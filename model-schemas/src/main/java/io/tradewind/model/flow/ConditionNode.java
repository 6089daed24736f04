package io.tradewind.model.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * Exclusive branches: the first branch whose {@code when} is true is taken, else {@code otherwise}.
 * JSON type {@code "condition"}.
 *
 * @param key
 *            the node key
 * @param label
 *            the label, null when absent
 * @param branches
 *            the branches in the order they are tried; non-empty
 * @param otherwise
 *            the node taken when no branch applies
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConditionNode(String key, I18nText label, List<Branch> branches, String otherwise)
        implements
            FlowNode {

    /** The JSON type name. */
    public static final String TYPE = "condition";

    /**
     * One branch.
     *
     * @param label
     *            the label, null when absent
     * @param when
     *            an expression; the branch is taken when it is true
     * @param next
     *            the node the branch leads to
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Branch(I18nText label, String when, String next) {
        /** Rejects null {@code when} and {@code next}. */
        public Branch {
            Objects.requireNonNull(when, "when");
            Objects.requireNonNull(next, "next");
        }
    }

    /** Checks the key and the otherwise target; copies the branches. */
    public ConditionNode {
        FlowSupport.requireKey(key);
        branches = FlowSupport.copy(branches);
        Objects.requireNonNull(otherwise, "otherwise");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Edge> edges() {
        List<Edge> out = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            out.add(new Edge("/branches/" + i + "/next", branches.get(i).next()));
        }
        out.add(new Edge("/otherwise", otherwise));
        return out;
    }
}
