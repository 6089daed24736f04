package io.tradewind.model.flow;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * Creates a record, through the same checks as any other write. JSON type {@code "create"}. The new
 * record is {@code outputs.<key>} in later expressions.
 *
 * @param key
 *            the node key
 * @param label
 *            the label, null when absent
 * @param form
 *            the form of the new record
 * @param set
 *            field key of the new record → expression over the flow's record giving its value
 *            ({@code owner} sets the owner); empty when absent
 * @param next
 *            the node after it
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CreateNode(String key, I18nText label, String form, Map<String, String> set, String next)
        implements
            FlowNode {

    /** The JSON type name. */
    public static final String TYPE = "create";

    /** Checks the key, form and next; copies the values. */
    public CreateNode {
        FlowSupport.requireKey(key);
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(next, "next");
        set = FlowSupport.copy(set);
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
    public boolean hasOutput() {
        return true;
    }
}
