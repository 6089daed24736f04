package io.tradewind.model.report;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rows a report reads: the records of one form, optionally filtered, or the rows of one of its
 * subtables.
 *
 * @param form
 *            the key of a form of the same app
 * @param filter
 *            a filter in the shared filter language (string values {@code "$param.<key>"} stand for
 *            parameters), null when absent; a copy is kept and a copy is returned
 * @param rows
 *            the key of a subtable field of the form, null when absent: then each subtable row is a
 *            dataset row, its fields are the row's fields and {@code parent.<field>} reaches the
 *            record's own fields (including system fields)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Dataset(String form, JsonNode filter, String rows) {

    /** The prefix of a field path that reaches the record from a subtable row. */
    public static final String PARENT_PREFIX = "parent.";

    /** Rejects a null form; keeps a copy of the filter (JSON null becomes null). */
    public Dataset {
        Objects.requireNonNull(form, "form");
        filter = ReportSupport.copy(filter);
    }

    /** A copy of the filter, null when absent. */
    @Override
    public JsonNode filter() {
        return ReportSupport.copy(filter);
    }
}
