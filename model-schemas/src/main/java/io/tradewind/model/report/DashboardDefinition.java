package io.tradewind.model.report;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * A dashboard, read from {@code dashboards/<key>.dashboard.json}: reports laid out on a 12-column
 * grid, sharing parameters.
 *
 * @param key
 *            the dashboard key, equal to the file name
 * @param label
 *            the dashboard's name
 * @param description
 *            a help text, null when absent
 * @param parameters
 *            the dashboard's own parameters, passed to items as {@code "$param.<key>"}; empty when
 *            absent
 * @param items
 *            the reports shown, in order, non-empty
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DashboardDefinition(String key, I18nText label, I18nText description,
        List<ReportParameter> parameters, List<DashboardItem> items) {

    /** Rejects null key, label and items; copies lists. */
    public DashboardDefinition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
        parameters = ReportSupport.copy(parameters);
        items = ReportSupport.copy(Objects.requireNonNull(items, "items"));
    }
}
