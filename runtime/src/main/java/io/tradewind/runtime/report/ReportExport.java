package io.tradewind.runtime.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Writes a report result as CSV (RFC 4180, UTF-8 with a byte order mark so that Excel reads it as
 * UTF-8) or XLSX. Text cells that a spreadsheet would run as a formula (starting with {@code =},
 * {@code +}, {@code -}, {@code @}, tab or carriage return) get a leading {@code '}.
 */
public final class ReportExport {
    private ReportExport() {
    }

    /** The CSV bytes: a header row of column labels, then the rows. */
    public static byte[] csv(ReportService.Result r, String lang) {
        StringBuilder sb = new StringBuilder("\uFEFF");
        List<ReportCompiler.Column> cols = r.columns();
        for (int i = 0; i < cols.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(quote(defuse(label(cols.get(i), lang))));
        }
        sb.append("\r\n");
        for (List<Object> row : r.rows()) {
            for (int i = 0; i < row.size(); i++) {
                Object v = row.get(i);
                sb.append(i == 0 ? "" : ",");
                if (v instanceof Number n) {
                    sb.append(n instanceof BigDecimal d ? d.toPlainString() : n.toString());
                } else if (v != null) {
                    sb.append(quote(defuse(v.toString())));
                }
            }
            sb.append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The XLSX bytes: one sheet, a header row of column labels, numbers as numbers. */
    public static byte[] xlsx(ReportService.Result r, String lang) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(out, "Tradewind", "1.0");
            Worksheet ws = wb.newWorksheet(sheetName(r.report()));
            List<ReportCompiler.Column> cols = r.columns();
            for (int c = 0; c < cols.size(); c++) {
                ws.value(0, c, defuse(label(cols.get(c), lang)));
            }
            for (int i = 0; i < r.rows().size(); i++) {
                List<Object> row = r.rows().get(i);
                for (int c = 0; c < row.size(); c++) {
                    Object v = row.get(c);
                    if (v instanceof Number n) {
                        ws.value(i + 1, c, n);
                    } else if (v instanceof Boolean b) {
                        ws.value(i + 1, c, b);
                    } else if (v != null) {
                        ws.value(i + 1, c, defuse(v.toString()));
                    }
                }
            }
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A text that cannot start a formula: a leading {@code '} before {@code = + - @}, tab or CR. */
    public static String defuse(String s) {
        if (s.isEmpty()) {
            return s;
        }
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static String label(ReportCompiler.Column c, String lang) {
        return c.label() == null ? c.key() : c.label().text(lang);
    }

    private static String sheetName(String key) {
        String s = key.replaceAll("[\\[\\]:*?/\\\\]", "_");
        return s.isEmpty() ? "Report" : s.length() > 31 ? s.substring(0, 31) : s;
    }
}
