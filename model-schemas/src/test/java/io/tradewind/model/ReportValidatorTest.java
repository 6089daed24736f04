package io.tradewind.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tradewind.model.form.FormDefinition;
import io.tradewind.model.report.DashboardDefinition;
import io.tradewind.model.report.ReportDefinition;

/**
 * Report and dashboard checks against forms: hostile names are reported, never thrown; parameter
 * references only mean something in reports.
 */
class ReportValidatorTest {

    private static final FormDefinition DEAL = DefinitionParser.parseForm("""
            {"key": "deal", "label": {"en": "Deal"}, "fields": [
              {"key": "title", "type": "text"}, {"key": "amount", "type": "decimal"},
              {"key": "closeDate", "type": "date"}, {"key": "partner", "type": "link", "form": "deal"},
              {"key": "lines", "type": "subtable", "fields": [{"key": "qty", "type": "integer"}]}]}""", "deal")
            .value();

    private static List<String> check(String report) {
        var parsed = DefinitionParser.parseReport(report, "reports/r.report.json");
        assertThat(parsed.problems()).isEmpty();
        List<Sourced<ReportDefinition>> reports = List.of(new Sourced<>("reports/r.report.json", parsed.value()));
        return ReportValidator.validate(Map.of("deal", DEAL), reports, List.of()).stream()
                .map(p -> p.code() + " " + p.pointer()).toList();
    }

    private static String report(String dimensionField, String filterValue) {
        return """
                {"key": "r", "label": {"en": "R"},
                 "dataset": {"form": "deal", "filter": {"field": "title", "op": "eq", "value": %s}},
                 "dimensions": [{"key": "d", "field": %s}],
                 "measures": [{"key": "n", "agg": "count"}], "chart": {"type": "table"}}
                """.formatted(DefinitionParser.mapper().valueToTree(filterValue),
                DefinitionParser.mapper().valueToTree(dimensionField));
    }

    @Test
    void hostileFieldPathsAreUnknownFields() {
        for (String path : List.of(".", "..", "title.", ".title", "partner.", "partner..title",
                "partner.partner.title", "parent.title", "lines.qty", "title'; drop table deal; --", "__proto__",
                "partner.__proto__", "标题", "a".repeat(10_000), "partner.title\u0000", "$param.x")) {
            assertThat(check(report(path, "x"))).as(path).containsExactly("REPORT_UNKNOWN_FIELD /dimensions/0/field");
        }
    }

    @Test
    void oneJoinAlongALinkIsAField() {
        assertThat(check(report("partner.title", "x"))).isEmpty();
        assertThat(check(report("partner.createdAt", "x"))).isEmpty();
    }

    @Test
    void hostileParameterReferencesAreUndeclared() {
        for (String ref : List.of("$param.", "$param.__proto__", "$param.x.y", "$param.' or 1=1 --",
                "$param." + "p".repeat(5_000))) {
            assertThat(check(report("title", ref))).as(ref).containsExactly(
                    "REPORT_UNKNOWN_PARAMETER /dataset/filter/value");
        }
        assertThat(check(report("title", "$params.x"))).isEmpty();
        assertThat(check(report("title", "$user.id"))).isEmpty();
    }

    @Test
    void permissionFiltersTreatParameterReferencesAsPlainText() throws Exception {
        var filter = DefinitionParser.mapper()
                .readTree("{\"field\": \"title\", \"op\": \"eq\", \"value\": \"$param.x\"}");
        assertThat(FilterCheck.check(filter, "", DEAL)).isEmpty();
        var onNumber = DefinitionParser.mapper().readTree(
                "{\"field\": \"amount\", \"op\": \"eq\", \"value\": \"$param.x\"}");
        assertThat(FilterCheck.check(onNumber, "", DEAL)).extracting(FilterCheck.Issue::pointer).containsExactly(
                "/value");
    }

    @Test
    void dashboardsWithHostileNamesReportThem() {
        var parsed = DefinitionParser.parseDashboard("""
                {"key": "../../etc/passwd", "label": {"en": "D"}, "items": [
                  {"report": "../r", "width": 1}, {"report": "", "width": 12, "parameters": {"~/x": 1}}]}
                """, "dashboards/d.dashboard.json");
        assertThat(parsed.problems()).isEmpty();
        List<Sourced<DashboardDefinition>> dashboards = List.of(new Sourced<>("dashboards/d.dashboard.json",
                parsed.value()));
        assertThat(ReportValidator.validate(Map.of("deal", DEAL), List.of(), dashboards)).extracting(
                p -> p.code() + " " + p.pointer()).containsExactly("KEY_INVALID /key",
                        "DASHBOARD_UNKNOWN_REPORT /items/0/report", "DASHBOARD_UNKNOWN_REPORT /items/1/report");
    }
}
