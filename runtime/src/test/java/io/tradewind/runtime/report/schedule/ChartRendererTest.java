package io.tradewind.runtime.report.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import io.tradewind.model.I18nText;
import io.tradewind.model.report.Chart;
import io.tradewind.model.report.ChartType;
import io.tradewind.runtime.report.ReportCompiler.Column;

/** The Java2D charts of report emails. */
class ChartRendererTest {
    private static final List<Column> COLUMNS = List.of(new Column("month", I18nText.en("Month"), "dimension",
            "date"), new Column("region", I18nText.en("Region"), "dimension", "text"),
            new Column("total", I18nText
                    .en("Total"), "measure", "number"),
            new Column("deals", I18nText.en("Deals"), "measure",
                    "number"));
    private static final List<List<Object>> ROWS = List.of(List.of("2026-01-01", "EU", new BigDecimal("1500.5"), 3),
            List.of("2026-01-01", "ASIA", new BigDecimal("700"), 1), List.of("2026-02-01", "EU", new BigDecimal(
                    "-200"), 2),
            List.of("2026-03-01", "ASIA", new BigDecimal("4100"), 5));

    private static Chart chart(ChartType type, String series, String... y) {
        return new Chart(type, "month", List.of(y), series, null, null, null);
    }

    @Test
    void barLineAreaAndPieDrawTheirData() throws Exception {
        for (ChartType type : List.of(ChartType.BAR, ChartType.LINE, ChartType.AREA, ChartType.PIE)) {
            byte[] png = ChartRenderer.png(chart(type, null, "total", "deals"), COLUMNS, ROWS, null);
            ScheduledReportsTest.assertNotBlank(png);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(img.getWidth()).isEqualTo(ChartRenderer.WIDTH);
            assertThat(img.getHeight()).isEqualTo(ChartRenderer.HEIGHT);
            // the first series' colour is on the picture
            assertThat(count(img, 0x4E79A7)).as(type.name()).isGreaterThan(50);
        }
        // a series dimension splits the first measure: two regions, two colours
        BufferedImage split = ImageIO.read(new ByteArrayInputStream(ChartRenderer.png(chart(ChartType.BAR, "region",
                "total"), COLUMNS, ROWS, null)));
        assertThat(count(split, 0x4E79A7)).isGreaterThan(50);
        assertThat(count(split, 0xF28E2B)).isGreaterThan(50);
    }

    @Test
    void seriesComeFromTheSeriesDimensionElseTheMeasures() {
        ChartRenderer.Data bySeries = ChartRenderer.data(chart(ChartType.BAR, "region", "total"), COLUMNS, ROWS);
        assertThat(bySeries.categories()).containsExactly("2026-01-01", "2026-02-01", "2026-03-01");
        assertThat(bySeries.series()).containsOnlyKeys("EU", "ASIA");
        assertThat(bySeries.series().get("ASIA")).containsExactly(700.0, null, 4100.0);
        ChartRenderer.Data byMeasure = ChartRenderer.data(chart(ChartType.LINE, null, "total", "deals"), COLUMNS, ROWS
                .subList(2, 4));
        assertThat(byMeasure.series()).containsOnlyKeys("Total", "Deals");
        assertThat(byMeasure.series().get("Deals")).containsExactly(2.0, 5.0);
    }

    @Test
    void funnelAndNumberCard() {
        List<Map<String, Object>> conversion = List.of(Map.of("stage", "lead", "reached", 10, "ofFirst", 1), Map.of(
                "stage", "offer", "reached", 6, "ofFirst", new BigDecimal("0.6")),
                Map.of("stage", "won", "reached", 2,
                        "ofFirst", new BigDecimal("0.2")));
        ScheduledReportsTest.assertNotBlank(ChartRenderer.png(new Chart(ChartType.FUNNEL, "month", List.of("deals"),
                null, List.of("lead", "offer", "won"), null, null), COLUMNS, ROWS, conversion));
        ScheduledReportsTest.assertNotBlank(ChartRenderer.png(new Chart(ChartType.NUMBER, null, List.of("total"), null,
                null, null, null), COLUMNS, ROWS, null));
    }

    @Test
    void tablesPivotsLeaderboardsMapsAndEmptyResultsHaveNoPicture() {
        for (ChartType type : List.of(ChartType.TABLE, ChartType.PIVOT, ChartType.LEADERBOARD, ChartType.MAP)) {
            assertThat(ChartRenderer.png(chart(type, null, "total"), COLUMNS, ROWS, null)).as(type.name()).isNull();
        }
        assertThat(ChartRenderer.png(chart(ChartType.BAR, null, "total"), COLUMNS, List.of(), null)).isNull();
        assertThat(ChartRenderer.png(chart(ChartType.PIE, null, "total"), COLUMNS, List.of(List.of("x", "y",
                BigDecimal.ZERO, 0)), null)).isNull();
        assertThat(ChartRenderer.png(null, COLUMNS, ROWS, null)).isNull();
    }

    @Test
    void axisSteps() {
        assertThat(ChartRenderer.niceStep(3.2)).isEqualTo(5);
        assertThat(ChartRenderer.niceStep(1100)).isEqualTo(2000);
        assertThat(ChartRenderer.niceStep(0.21)).isEqualTo(0.25);
        assertThat(ChartRenderer.compact(1_250_000)).isEqualTo("1.3M");
        assertThat(ChartRenderer.compact(25_000)).isEqualTo("25k");
        assertThat(ChartRenderer.compact(950)).isEqualTo("950");
    }

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int x = 0; x < img.getWidth(); x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
