package io.tradewind.runtime.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tradewind.model.report.ChartType;

/** The stage-to-stage conversion of a funnel chart's result. */
final class FunnelConversion {
    private FunnelConversion() {
    }

    /**
     * For funnel charts: each stage's value, the value that REACHED it (this stage and every later one:
     * a deal at "won" has passed "lead"), and the reached value's share of the previous stage's and of
     * the first stage's. The stages are the chart's {@code stages} (values of its x dimension) in
     * order, else the rows; values outside the stages (e.g. "lost") count for no stage.
     */
    static List<Map<String, Object>> of(PreparedReport p, List<List<Object>> rows) {
        var chart = p.def().chart();
        if (chart == null || chart.type() != ChartType.FUNNEL) {
            return null;
        }
        List<ReportCompiler.Column> cols = p.compiled().columns();
        int x = index(cols, chart.x(), "dimension");
        int y = index(cols, chart.y() == null || chart.y().isEmpty() ? null : chart.y().get(0), "measure");
        if (x < 0 || y < 0) {
            return List.of();
        }
        List<String> stages = new ArrayList<>();
        if (chart.stages() != null && !chart.stages().isEmpty()) {
            stages.addAll(chart.stages());
        } else {
            rows.forEach(r -> stages.add(String.valueOf(r.get(x))));
        }
        List<BigDecimal> values = new ArrayList<>();
        for (String stage : stages) {
            BigDecimal v = BigDecimal.ZERO;
            for (List<Object> r : rows) {
                if (stage.equals(String.valueOf(r.get(x))) && r.get(y) instanceof Number n) {
                    v = new BigDecimal(n.toString());
                }
            }
            values.add(v);
        }
        BigDecimal[] reached = new BigDecimal[stages.size()];
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = stages.size() - 1; i >= 0; i--) {
            sum = sum.add(values.get(i));
            reached[i] = sum;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("stage", stages.get(i));
            m.put("value", ReportCells.number(values.get(i)));
            m.put("reached", ReportCells.number(reached[i]));
            m.put("ofPrevious", share(reached[i], i == 0 ? null : reached[i - 1]));
            m.put("ofFirst", share(reached[i], i == 0 ? null : reached[0]));
            out.add(m);
        }
        return out;
    }

    private static Object share(BigDecimal v, BigDecimal of) {
        if (of == null) {
            return 1;
        }
        return of.signum() == 0 ? null : ReportCells.number(v.divide(of, 4, java.math.RoundingMode.HALF_UP));
    }

    private static int index(List<ReportCompiler.Column> cols, String key, String type) {
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).key().equals(key) && cols.get(i).type().equals(type)) {
                return i;
            }
        }
        return -1;
    }
}
