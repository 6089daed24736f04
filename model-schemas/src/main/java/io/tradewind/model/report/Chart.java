package io.tradewind.model.report;

import java.util.List;

/** Chart hints. */
public record Chart(ChartType type, String x, List<String> y, String series, List<String> stages, List<String> rows,
        List<String> columns) {
}
