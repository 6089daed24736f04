package io.tradewind.model.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.model.I18nText;

/**
 * One report on a dashboard.
 *
 * @param report
 *            the key of a report of the same app
 * @param title
 *            a title replacing the report's label, null when absent
 * @param width
 *            columns of the 12-column grid, 1..12
 * @param parameters
 *            values for the report's parameters: a literal, or {@code "$param.<key>"} naming a
 *            dashboard parameter; empty when absent (then the report's defaults apply); the values
 *            are copies
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DashboardItem(String report, I18nText title, int width, Map<String, JsonNode> parameters) {

    /** Rejects a null report; copies the parameters keeping their order. */
    public DashboardItem {
        Objects.requireNonNull(report, "report");
        if (parameters == null) {
            parameters = Map.of();
        } else {
            Map<String, JsonNode> copy = new LinkedHashMap<>();
            parameters.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "parameter key"),
                    Objects.requireNonNull(v, "parameter value").deepCopy()));
            parameters = Collections.unmodifiableMap(copy);
        }
    }

    /** Copies of the parameter values. */
    @Override
    public Map<String, JsonNode> parameters() {
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        parameters.forEach((k, v) -> copy.put(k, v.deepCopy()));
        return Collections.unmodifiableMap(copy);
    }
}
