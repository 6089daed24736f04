package io.tradewind.model.flow;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * Deletes records: the flow's record when neither {@code link} nor {@code records} is given, the
 * record a link field of it points to, or every record a query node found. JSON type
 * {@code "delete"}.
 *
 * @param key
 *            the node key
 * @param label
 *            the label, null when absent
 * @param link
 *            a link field of the flow's record, null when absent
 * @param records
 *            the key of a query node, null when absent
 * @param next
 *            the node after it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeleteNode(String key, I18nText label, String link, String records, String next) implements FlowNode {

    /** The JSON type name. */
    public static final String TYPE = "delete";

    /** Checks the key and next. */
    public DeleteNode {
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
