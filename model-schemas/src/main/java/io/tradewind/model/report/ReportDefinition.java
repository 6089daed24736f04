package io.tradewind.model.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * A report, read from {@code reports/<key>.report.json}: a dataset of one form, grouped by
 * dimensions and summarised by measures, drawn as a chart.
 *
 * @param key
 *            the report key, equal to the file name
 * @param label
 *            the report's name
 * @param description
 *            a help text, null when absent
 * @param dataset
 *            the rows the report reads
 * @param parameters
 *            the values a viewer may set, referred to as {@code "$param.<key>"}; empty when absent
 * @param dimensions
 *            the group-by columns, in order; empty when absent (then one row summarises everything)
 * @param measures
 *            the aggregated values, non-empty
 * @param sort
 *            the order of the result rows; empty when absent
 * @param limit
 *            at most this many result rows (top-N), 1..1000; null when absent
 * @param chart
 *            how the result is drawn
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ReportDefinition(String key, I18nText label, I18nText description, Dataset dataset,
        List<ReportParameter> parameters, List<Dimension> dimensions, List<Measure> measures, List<SortKey> sort,
        Integer limit, Chart chart) {

    /** Rejects null key, label, dataset, measures and chart; copies lists (null becomes empty). */
    public ReportDefinition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(chart, "chart");
        parameters = ReportSupport.copy(parameters);
        dimensions = ReportSupport.copy(dimensions);
        measures = ReportSupport.copy(Objects.requireNonNull(measures, "measures"));
        sort = ReportSupport.copy(sort);
    }

    /** The parameter with the given key, if declared. */
    public Optional<ReportParameter> parameter(String key) {
        return parameters.stream().filter(p -> p.key().equals(key)).findFirst();
    }

    /** The dimension with the given key, if any. */
    public Optional<Dimension> dimension(String key) {
        return dimensions.stream().filter(d -> d.key().equals(key)).findFirst();
    }

    /** The measure with the given key, if any. */
    public Optional<Measure> measure(String key) {
        return measures.stream().filter(m -> m.key().equals(key)).findFirst();
    }
}
