package io.tradewind.model.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.tradewind.model.AppPackage;
import io.tradewind.model.AppPackageLoader;

/**
 * A package's reports and dashboards are loaded into the {@link AppPackage}, in file-name order.
 */
class ReportPackageTest {

    private static AppPackage load(String name) throws Exception {
        Path dir = Path.of(ReportPackageTest.class.getResource("/fixtures/valid/" + name).toURI());
        AppPackageLoader.LoadResult result = AppPackageLoader.load(dir);
        assertThat(result.problems()).isEmpty();
        return result.pkg();
    }

    @Test
    void reportsAndDashboardsAreLoadedInFileNameOrder() throws Exception {
        AppPackage pkg = load("reports-and-dashboards");
        assertThat(pkg.reports().keySet()).containsExactly("all-deals", "board", "by-country", "funnel",
                "line_items");
        assertThat(pkg.dashboards().keySet()).containsExactly("sales");
        ReportDefinition lines = pkg.reports().get("line_items");
        assertThat(lines.dataset().rows()).isEqualTo("lines");
        assertThat(lines.dimensions()).extracting(Dimension::field).containsExactly("product", "parent.closeDate",
                "parent.customer.country");
        assertThat(lines.chart().type()).isEqualTo(ChartType.PIVOT);
        DashboardDefinition sales = pkg.dashboards().get("sales");
        assertThat(sales.items()).extracting(DashboardItem::report).containsExactly("funnel", "by-country",
                "line_items", "board", "all-deals");
        assertThat(sales.items().get(0).parameters().get("minAmount").intValue()).isEqualTo(100);
        assertThat(sales.parameters().get(0).defaultValue().textValue()).isEqualTo("startOfYear");
    }

    @Test
    void packagesWithoutReportsHaveEmptyMaps() throws Exception {
        AppPackage pkg = load("minimal");
        assertThat(pkg.reports()).isEmpty();
        assertThat(pkg.dashboards()).isEmpty();
    }
}
