package io.tradewind.model.flow;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * A fill-in task: an assignee completes fields of the record. JSON type {@code "task"}. With
 * several assignees, the first to complete it does so for all.
 *
 * @param key
 *            the node key
 * @param label
 *            the label, null when absent
 * @param assignees
 *            who gets the task; empty when absent (a problem)
 * @param fields
 *            the fields of the record the assignee fills in; non-empty
 * @param required
 *            which of {@code fields} must have a value to complete the task; empty when absent
 * @param deadline
 *            the deadline (remind or escalate), null when absent
 * @param next
 *            the node after completion
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TaskNode(String key, I18nText label, List<Assignment> assignees, List<String> fields,
        List<String> required, Deadline deadline, String next) implements FlowNode {

    /** The JSON type name. */
    public static final String TYPE = "task";

    /** Checks the key and next; copies lists. */
    public TaskNode {
        FlowSupport.requireKey(key);
        Objects.requireNonNull(next, "next");
        assignees = FlowSupport.copy(assignees);
        fields = FlowSupport.copy(fields);
        required = FlowSupport.copy(required);
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
