package io.tradewind.model.report;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a report's result is drawn.
 *
 * @param type
 *            the chart type
 * @param x
 *            the dimension on the category axis (bar, line, area, pie, funnel, leaderboard; the
 *            country dimension of a map), null when absent
 * @param y
 *            the measures drawn; empty when absent
 * @param series
 *            a dimension that splits the measures into series (bar, line, area), null when absent
 * @param stages
 *            the values of the {@code x} dimension in funnel order; empty when absent
 * @param rows
 *            the dimensions down a pivot table; empty when absent
 * @param columns
 *            the dimensions across a pivot table; empty when absent
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Chart(ChartType type, String x, List<String> y, String series, List<String> stages,
        List<String> rows, List<String> columns) {

    /** Rejects a null type; copies lists (null becomes empty). */
    public Chart {
        Objects.requireNonNull(type, "type");
        y = ReportSupport.copy(y);
        stages = ReportSupport.copy(stages);
        rows = ReportSupport.copy(rows);
        columns = ReportSupport.copy(columns);
    }
}
