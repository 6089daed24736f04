package io.tradewind.model.report;

import java.util.List;

import io.tradewind.model.I18nText;

/** A report (stand-in until the definition language lands). */
public record ReportDefinition(String key, I18nText label, I18nText description, Dataset dataset,
        List<ReportParameter> parameters, List<Dimension> dimensions, List<Measure> measures, List<SortKey> sort,
        Integer limit, Chart chart) {
}
