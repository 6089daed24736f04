package io.tradewind.model.report;

import java.util.List;

import io.tradewind.model.I18nText;

/** A dashboard. */
public record DashboardDefinition(String key, I18nText label, I18nText description, List<ReportParameter> parameters,
        List<DashboardItem> items) {
}
