package io.tradewind.model.flow;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * Updates records, through the same checks as any other write. JSON type {@code "update"}. Which
 * records: the flow's record when neither {@code link} nor {@code records} is given, the record a
 * link field of it points to, or every record a query node found.
 *
 * @param key
 *            the node key
 * @param label
 *            the label, null when absent
 * @param link
 *            a link field of the flow's record: update the record it points to; null when absent
 * @param records
 *            the key of a query node: update each record it found; null when absent
 * @param set
 *            field key of the updated record → expression over the flow's record giving the new
 *            value ({@code owner} sets the owner, {@code null} clears); empty when absent
 * @param assignOwner
 *            the new owner, picked by an assignment that names one user; null when absent
 * @param next
 *            the node after it
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UpdateNode(String key, I18nText label, String link, String records, Map<String, String> set,
        Assignment assignOwner, String next) implements FlowNode {

    /** The JSON type name. */
    public static final String TYPE = "update";

    /** Checks the key and next; copies the values. */
    public UpdateNode {
        FlowSupport.requireKey(key);
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
}
