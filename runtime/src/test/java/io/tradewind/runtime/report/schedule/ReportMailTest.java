package io.tradewind.runtime.report.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;

import io.tradewind.model.I18nText;
import io.tradewind.model.report.Chart;
import io.tradewind.model.report.ChartType;
import io.tradewind.runtime.report.ReportCompiler.Column;
import io.tradewind.runtime.report.ReportService;

/** The email of a delivery: escaping of user data, chart parts, spreadsheets, long tables. */
class ReportMailTest {
    private static final String HOSTILE = "<img src=x onerror=alert(1)>\"'&";

    private static ReportService.Result result(Chart chart, List<List<Object>> rows) {
        List<Column> cols = List.of(new Column("name", I18nText.en("Name <b>"), "dimension", "text"), new Column(
                "total", I18nText.en("Total"), "measure", "number"));
        return new ReportService.Result("deals", cols, rows, chart, Map.of(), List.of(), null);
    }

    @Test
    void everyLabelAndCellIsEscaped() {
        ReportService.Result r = result(new Chart(ChartType.BAR, "name", List.of("total"), null, null, null, null),
                List.of(List.of(HOSTILE, new BigDecimal("1234567.5")), List.of("=HYPERLINK(\"http://x\")",
                        BigInteger.TWO)));
        ReportMail.Message m = ReportMail.compose("Weekly " + HOSTILE, "Deals " + HOSTILE, List.of(
                new ReportMail.Section("deals", "Title " + HOSTILE, r, null, true)), 100);
        assertThat(m.html()).doesNotContain("<img src=x").doesNotContain("<b>").doesNotContain("onerror=alert(1)>")
                .contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;").contains("Name &lt;b&gt;")
                .contains("1,234,567.5").contains("=HYPERLINK(&quot;http://x&quot;)");
        // the only element the email makes from data is the chart image, pointing at its own part
        assertThat(m.inline()).singleElement().satisfies(p -> {
            assertThat(p.contentType()).isEqualTo("image/png");
            assertThat(m.html()).contains("src=\"cid:" + p.contentId().replaceAll("[<>]", "") + "\"");
            ScheduledReportsTest.assertNotBlank(p.bytes());
        });
        assertThat(m.subject()).isEqualTo("Weekly " + HOSTILE);
        assertThat(m.text()).contains("1,234,567.5").contains(HOSTILE);
    }

    @Test
    void theSpreadsheetDefusesFormulasAndKeepsNumbers() throws Exception {
        ReportService.Result r = result(null, List.of(List.of("=1+1", new BigDecimal("12.5"))));
        ReportMail.Message m = ReportMail.compose("S", "s", List.of(new ReportMail.Section("deals", "D", r, null,
                true), new ReportMail.Section("deals", "D again", r, null, true)), 10);
        assertThat(m.inline()).as("a table has no picture").isEmpty();
        assertThat(m.attachments()).extracting(ReportMail.Part::name).containsExactly("deals.xlsx", "deals-2.xlsx");
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(m.attachments().get(0).bytes()))) {
            List<Row> rows = wb.getFirstSheet().read();
            assertThat(rows.get(1).getCellText(0)).isEqualTo("'=1+1");
            assertThat(rows.get(1).getCell(1).asNumber()).isEqualByComparingTo("12.5");
        }
    }

    @Test
    void noSpreadsheetWithoutTheRightAndLongTablesAreCut() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(List.of("row " + i, i));
        }
        ReportMail.Message m = ReportMail.compose("S", "s", List.of(new ReportMail.Section("deals", "D", result(null,
                rows), null, false)), 25);
        assertThat(m.attachments()).isEmpty();
        assertThat(m.html()).contains("row 24").doesNotContain("row 25").contains("The first 25 of 30 rows.");
    }

    @Test
    void formatting() {
        assertThat(MailFormat.number(new BigDecimal("1234567.50"))).isEqualTo("1,234,567.5");
        assertThat(MailFormat.number(BigInteger.valueOf(-73800))).isEqualTo("-73,800");
        assertThat(MailFormat.number(0.25)).isEqualTo("0.25");
        assertThat(MailFormat.header("a\r\nBcc: x@y\u0000", 100)).isEqualTo("a Bcc: x@y");
        assertThat(MailFormat.html("a\u0000b\u0007c\n")).isEqualTo("abc\n");
    }
}
