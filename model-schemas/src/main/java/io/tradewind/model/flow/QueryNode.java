package io.tradewind.model.flow;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.model.I18nText;

/**
 * Reads records of a form with the shared filter language. JSON type {@code "query"}. The records
 * found are {@code outputs.<key>} in later expressions: an array of objects with the system fields
 * and the field values (so {@code outputs.q.length} counts them).
 *
 * @param key
 *            the node key
 * @param label
 *            the label, null when absent
 * @param form
 *            the form to read
 * @param filter
 *            a filter; besides {@code "$user.id"} (the submitter) and {@code "$user.department"},
 *            string values {@code "$record.<field>"} stand for a value of the flow's record; null
 *            reads all records; a copy is kept and a copy is returned
 * @param sort
 *            a field key, {@code -} in front for descending; null when absent
 * @param limit
 *            at most this many records, 1 to 1000; 100 when absent
 * @param next
 *            the node after it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryNode(String key, I18nText label, String form, JsonNode filter, String sort, Integer limit,
        String next) implements FlowNode {

    /** The JSON type name. */
    public static final String TYPE = "query";
    /** The limit when none is given. */
    public static final int DEFAULT_LIMIT = 100;

    /** Checks the key, form and next; keeps a copy of the filter and applies the default limit. */
    public QueryNode {
        FlowSupport.requireKey(key);
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(next, "next");
        filter = FlowSupport.copy(filter);
        limit = limit == null ? DEFAULT_LIMIT : limit;
    }

    /** A copy of the filter, null when absent. */
    @Override
    public JsonNode filter() {
        return FlowSupport.copy(filter);
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
