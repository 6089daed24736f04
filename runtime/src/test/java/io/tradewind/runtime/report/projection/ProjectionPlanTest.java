package io.tradewind.runtime.report.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.tradewind.model.AppPackage;
import io.tradewind.model.AppPackageLoader;

/**
 * The projection plans the trade CRM's reports lead to: columns, types and the indexes of each
 * filter.
 */
class ProjectionPlanTest {
    private static final AppPackage CRM = AppPackageLoader.loadAll(Path.of("../apps")).get("trade-crm").pkg();

    private static ProjectionPlan plan(String form) {
        return ProjectionPlan.of(CRM).stream().filter(p -> p.form().equals(form)).findFirst().orElseThrow();
    }

    @Test
    void opportunitiesProjectTheFieldsTheirReportsUseWithTheirTypes() {
        Map<String, String> columns = plan("opportunity").columns().stream().collect(Collectors.toMap(
                ProjectionPlan.Column::name, ProjectionPlan.Column::sqlType));
        assertThat(columns).containsEntry("f_stage", "text").containsEntry("f_expectedAmount", "numeric")
                .containsEntry("f_expectedCloseDate", "date").containsEntry("f_currency", "text")
                .containsEntry("f_customer", "uuid");
        // system fields are columns of every projection, never projected twice
        assertThat(columns).doesNotContainKeys("f_owner", "f_createdAt");
    }

    @Test
    void eachReportFilterGetsAnIndexThatServesItWithAndWithoutItsOptionalParameters() {
        List<List<String>> indexes = plan("opportunity").indexes();
        // leaderboard: equality fields, then the range field
        assertThat(indexes).contains(List.of("f_stage", "f_currency", "f_expectedCloseDate"));
        // funnel: "owner = $param.owner" has no default, so one index without it and one with it
        assertThat(indexes).contains(List.of("created_at"), List.of("owner", "created_at"));
        assertThat(indexes.get(0)).isEqualTo(List.of("owner"));
        assertThat(indexes).hasSizeLessThanOrEqualTo(ProjectionPlan.MAX_INDEXES).doesNotHaveDuplicates();
    }

    @Test
    void theSamePackageGivesTheSamePlansAndAnotherFieldChangesTheHash() {
        ProjectionPlan a = plan("opportunity");
        ProjectionPlan b = ProjectionPlan.of(AppPackageLoader.loadAll(Path.of("../apps")).get("trade-crm").pkg())
                .stream().filter(p -> p.form().equals("opportunity")).findFirst().orElseThrow();
        assertThat(b.hash()).isEqualTo(a.hash());
        ProjectionPlan wider = new ProjectionPlan(a.app(), a.form(), a.table(), java.util.stream.Stream.concat(a
                .columns().stream(),
                java.util.stream.Stream.of(new ProjectionPlan.Column("probability",
                        io.tradewind.runtime.form.field.FieldCodec.SqlKind.NUMBER, false)))
                .toList(), a.indexes());
        assertThat(wider.hash()).isNotEqualTo(a.hash());
        assertThat(a.table()).matches("rp_[0-9a-f]{32}");
    }

    @Test
    void formsWithoutReportsGetNoProjection() {
        assertThat(ProjectionPlan.of(CRM)).extracting(ProjectionPlan::form).doesNotContain("product", "contact");
    }
}
