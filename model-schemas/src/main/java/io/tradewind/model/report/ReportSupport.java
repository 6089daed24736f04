package io.tradewind.model.report;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Helpers shared by the report records. */
final class ReportSupport {

    private ReportSupport() {
    }

    /** A copy of the list; null becomes an empty list; null elements are rejected. */
    static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** A deep copy of a JSON value; null and JSON null stay null. */
    static JsonNode copy(JsonNode node) {
        return node == null || node.isNull() ? null : node.deepCopy();
    }
}
