package io.tradewind.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;

import io.tradewind.model.I18nText;

/** CSV and XLSX writing: quoting, the byte order mark, numbers, and formula-injection escaping. */
class ReportExportTest {
    private static final List<String> DANGEROUS = List.of("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx");

    private static ReportService.Result result(List<List<Object>> rows) {
        return new ReportService.Result("r", List.of(new ReportCompiler.Column("name", I18nText.en("=Name"),
                "dimension", "text"), new ReportCompiler.Column("n", null, "measure", "number")), rows, null,
                java.util.Map.of(), List.of(), null);
    }

    @Test
    void everyFormulaPrefixGetsAQuote() {
        for (String s : DANGEROUS) {
            assertThat(ReportExport.defuse(s)).as(s).isEqualTo("'" + s);
        }
        for (String s : List.of("", "a=1", "1", " =x", "'already", "Ä+")) {
            assertThat(ReportExport.defuse(s)).as(s).isEqualTo(s);
        }
    }

    @Test
    void csvQuotesEscapesAndKeepsNumbers() {
        List<List<Object>> rows = new ArrayList<>();
        for (String s : DANGEROUS) {
            rows.add(Arrays.asList(s, new BigDecimal("-2.5")));
        }
        rows.add(Arrays.asList("a,\"b\"", null));
        rows.add(Arrays.asList(null, 7));
        byte[] bytes = ReportExport.csv(result(rows), "en");
        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String csv = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertThat(csv).isEqualTo("'=Name,n\r\n"
                + "'=1+1,-2.5\r\n"
                + "'+1,-2.5\r\n"
                + "'-1,-2.5\r\n"
                + "'@SUM(A1),-2.5\r\n"
                + "'\tx,-2.5\r\n"
                + "\"'\rx\",-2.5\r\n"
                + "\"a,\"\"b\"\"\",\r\n"
                + ",7\r\n");
    }

    @Test
    void xlsxHoldsNumbersAsNumbersAndEscapedText() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (String s : DANGEROUS) {
            rows.add(Arrays.asList(s, new BigDecimal("-2.5")));
        }
        byte[] bytes = ReportExport.xlsx(result(rows), "en");
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(bytes))) {
            List<Row> read = wb.getFirstSheet().read();
            assertThat(read.get(0).getCellText(0)).isEqualTo("'=Name");
            for (int i = 0; i < DANGEROUS.size(); i++) {
                assertThat(read.get(i + 1).getCellText(0)).isEqualTo("'" + DANGEROUS.get(i));
                assertThat(read.get(i + 1).getCellAsNumber(1)).hasValueSatisfying(n -> assertThat(n)
                        .isEqualByComparingTo("-2.5"));
            }
        }
    }
}
