package io.tradewind.model.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.tradewind.model.DefinitionParser;
import io.tradewind.model.Problem;

/** Reports and dashboards bind to their records, and what the schema forbids is reported. */
class ReportParseTest {

    private static final String FUNNEL = """
            {"key": "sales-funnel", "label": {"en": "Sales funnel", "zh": "销售漏斗"}, "description": {"en": "Stages"},
             "dataset": {"form": "opportunity", "filter": {"field": "createdAt", "op": "gte", "value": "$param.from"},
                         "rows": null},
             "parameters": [{"key": "from", "type": "date", "label": {"en": "From"}, "default": "-P90D"},
                            {"key": "owner", "type": "user"}, {"key": "kind", "type": "select", "options": ["a", "b"]}],
             "dimensions": [{"key": "stage", "field": "stage"},
                            {"key": "month", "field": "createdAt", "bucket": "month"},
                            {"key": "country", "field": "customer.country"}],
             "measures": [{"key": "count", "agg": "count"},
                          {"key": "amount", "agg": "sum", "field": "expectedAmount"},
                          {"key": "customers", "agg": "countDistinct", "field": "customer"},
                          {"key": "won", "agg": "count", "filter": {"field": "stage", "op": "eq", "value": "won"}},
                          {"key": "winRate", "ratio": {"numerator": "won", "denominator": "count"}}],
             "sort": [{"key": "amount", "direction": "desc"}, {"key": "stage"}],
             "limit": 10,
             "chart": {"type": "funnel", "x": "stage", "y": ["count"], "stages": ["lead", "won"]}}
            """;

    @Test
    void reportBindsToRecords() {
        var parsed = DefinitionParser.parseReport(FUNNEL, "reports/sales-funnel.report.json");
        assertThat(parsed.problems()).isEmpty();
        ReportDefinition r = parsed.value();
        assertThat(r.key()).isEqualTo("sales-funnel");
        assertThat(r.label().text("zh")).isEqualTo("销售漏斗");
        assertThat(r.dataset().form()).isEqualTo("opportunity");
        assertThat(r.dataset().rows()).isNull();
        assertThat(r.dataset().filter().get("value").textValue()).isEqualTo("$param.from");
        assertThat(r.parameters()).extracting(ReportParameter::type).containsExactly(ParameterType.DATE,
                ParameterType.USER, ParameterType.SELECT);
        assertThat(r.parameters().get(0).defaultValue().textValue()).isEqualTo("-P90D");
        assertThat(r.parameters().get(1).defaultValue()).isNull();
        assertThat(r.parameters().get(2).options()).containsExactly("a", "b");
        assertThat(r.dimensions().get(1).bucket()).isEqualTo(DateBucket.MONTH);
        assertThat(r.measures()).extracting(Measure::agg).containsExactly(Aggregation.COUNT, Aggregation.SUM,
                Aggregation.COUNT_DISTINCT, Aggregation.COUNT, null);
        assertThat(r.measure("winRate").orElseThrow().ratio()).isEqualTo(new Ratio("won", "count"));
        assertThat(r.measure("won").orElseThrow().filter().get("value").textValue()).isEqualTo("won");
        assertThat(r.sort()).containsExactly(new SortKey("amount", SortDirection.DESC), new SortKey("stage",
                SortDirection.ASC));
        assertThat(r.limit()).isEqualTo(10);
        assertThat(r.chart().type()).isEqualTo(ChartType.FUNNEL);
        assertThat(r.chart().stages()).containsExactly("lead", "won");
        assertThat(r.chart().rows()).isEmpty();
    }

    @Test
    void reportWritesBackInTheSameShape() throws Exception {
        ReportDefinition r = DefinitionParser.parseReport(FUNNEL, "f").value();
        var tree = DefinitionParser.mapper().valueToTree(r);
        assertThat(tree.at("/measures/2/agg").textValue()).isEqualTo("countDistinct");
        assertThat(tree.at("/parameters/0/default").textValue()).isEqualTo("-P90D");
        assertThat(tree.at("/chart/type").textValue()).isEqualTo("funnel");
        var again = DefinitionParser.parseReport(DefinitionParser.mapper().writeValueAsString(r), "f");
        assertThat(again.problems()).isEmpty();
        assertThat(again.value()).isEqualTo(r);
    }

    @Test
    void filtersAreCopiesSoTheRecordStaysImmutable() {
        ReportDefinition r = DefinitionParser.parseReport(FUNNEL, "f").value();
        ((com.fasterxml.jackson.databind.node.ObjectNode) r.dataset().filter()).put("op", "lt");
        assertThat(r.dataset().filter().get("op").textValue()).isEqualTo("gte");
    }

    @Test
    void schemaViolationsArePointedAt() {
        String json = """
                {"key": "r", "label": {"en": "R"}, "dataset": {"form": "f", "extra": 1},
                 "measures": [{"key": "c", "agg": "median"}], "limit": 0,
                 "chart": {"type": "radar", "x": 3}}
                """;
        List<String> got = DefinitionParser.parseReport(json, "r").problems().stream()
                .map(p -> p.code() + " " + p.pointer()).toList();
        assertThat(got).containsExactlyInAnyOrder("PARSE_UNKNOWN_PROPERTY /dataset/extra",
                "PARSE_INVALID_VALUE /measures/0/agg", "PARSE_INVALID_VALUE /limit", "PARSE_INVALID_VALUE /chart/type",
                "PARSE_WRONG_TYPE /chart/x");
    }

    @Test
    void dashboardBindsAndRequiresItsParts() {
        String json = """
                {"key": "sales", "label": {"en": "Sales"},
                 "parameters": [{"key": "from", "type": "date", "default": "startOfMonth"}],
                 "items": [{"report": "sales-funnel", "width": 6, "parameters": {"from": "$param.from", "n": 3}},
                           {"report": "leaderboard", "title": {"en": "Top"}, "width": 12}]}
                """;
        var parsed = DefinitionParser.parseDashboard(json, "dashboards/sales.dashboard.json");
        assertThat(parsed.problems()).isEmpty();
        DashboardDefinition d = parsed.value();
        assertThat(d.items()).extracting(DashboardItem::width).containsExactly(6, 12);
        assertThat(d.items().get(0).parameters().get("from").textValue()).isEqualTo("$param.from");
        assertThat(d.items().get(0).parameters().get("n").intValue()).isEqualTo(3);
        assertThat(d.items().get(1).parameters()).isEmpty();

        List<Problem> bad = DefinitionParser.parseDashboard("""
                {"key": "d", "label": {"en": "D"}, "items": [{"report": "r", "width": 13, "parameters": {"a": {}}},
                 {"report": "r"}], "key": "e"}
                """, "d").problems();
        assertThat(bad).extracting(p -> p.code() + " " + p.pointer()).containsExactly("PARSE_DUPLICATE_KEY /key");
        bad = DefinitionParser.parseDashboard("""
                {"key": "d", "label": {"en": "D"}, "items": [{"report": "r", "width": 13, "parameters": {"a": {}}},
                 {"report": "r"}]}
                """, "d").problems();
        assertThat(bad).extracting(p -> p.code() + " " + p.pointer()).containsExactlyInAnyOrder(
                "PARSE_INVALID_VALUE /items/0/width", "PARSE_WRONG_TYPE /items/0/parameters/a",
                "PARSE_MISSING_PROPERTY /items/1");
    }
}
