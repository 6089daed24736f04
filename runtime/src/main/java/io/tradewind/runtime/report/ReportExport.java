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
 * UTF-8) or XLSX, either at once or progressively, batch by batch, for a streamed export. Text
 * cells that a spreadsheet would run as a formula (starting with {@code =}, {@code +}, {@code -},
 * {@code @}, tab or carriage return) get a leading {@code '}.
 */
public final class ReportExport {
    private ReportExport() {
    }

    /**
     * A file written progressively: {@link #rows} for each batch of rows in order, then {@link #end}
     * once; each returns the bytes that follow those returned before (possibly none). The header row
     * goes out with the first call.
     */
    public interface Writer {
        /** The bytes of a batch of rows. */
        byte[] rows(List<List<Object>> batch);

        /** The bytes that close the file. */
        byte[] end();
    }

    /** The CSV bytes: a header row of column labels, then the rows. */
    public static byte[] csv(ReportService.Result r, String lang) {
        return whole(csv(r.columns(), lang), r.rows());
    }

    /** The XLSX bytes: one sheet, a header row of column labels, numbers as numbers. */
    public static byte[] xlsx(ReportService.Result r, String lang) {
        return whole(xlsx(r.report(), r.columns(), lang), r.rows());
    }

    /** A progressive CSV writer for rows of {@code columns}. */
    public static Writer csv(List<ReportCompiler.Column> columns, String lang) {
        return new Csv(columns, lang);
    }

    /** A progressive XLSX writer (one sheet named after the report) for rows of {@code columns}. */
    public static Writer xlsx(String report, List<ReportCompiler.Column> columns, String lang) {
        return new Xlsx(report, columns, lang);
    }

    private static byte[] whole(Writer w, List<List<Object>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(w.rows(rows));
        out.writeBytes(w.end());
        return out.toByteArray();
    }

    private static final class Csv implements Writer {
        private final List<ReportCompiler.Column> columns;
        private final String lang;
        private boolean started;

        Csv(List<ReportCompiler.Column> columns, String lang) {
            this.columns = columns;
            this.lang = lang;
        }

        @Override
        public byte[] rows(List<List<Object>> batch) {
            StringBuilder sb = new StringBuilder();
            header(sb);
            for (List<Object> row : batch) {
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

        @Override
        public byte[] end() {
            StringBuilder sb = new StringBuilder();
            header(sb);
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        private void header(StringBuilder sb) {
            if (started) {
                return;
            }
            started = true;
            sb.append('\uFEFF');
            for (int i = 0; i < columns.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(quote(defuse(label(columns.get(i), lang))));
            }
            sb.append("\r\n");
        }
    }

    /**
     * fastexcel writes the zip to the stream as rows are flushed; text goes inline rather than into the
     * shared-string table, which fastexcel would keep in memory until the end.
     */
    private static final class Xlsx implements Writer {
        private final Sink sink = new Sink();
        private final Workbook wb;
        private final Worksheet ws;
        private int next = 1;

        Xlsx(String report, List<ReportCompiler.Column> columns, String lang) {
            wb = new Workbook(sink, "Tradewind", "1.0");
            ws = wb.newWorksheet(sheetName(report));
            for (int c = 0; c < columns.size(); c++) {
                ws.inlineString(0, c, defuse(label(columns.get(c), lang)));
            }
        }

        @Override
        public byte[] rows(List<List<Object>> batch) {
            for (List<Object> row : batch) {
                for (int c = 0; c < row.size(); c++) {
                    Object v = row.get(c);
                    if (v instanceof Number n) {
                        ws.value(next, c, n);
                    } else if (v instanceof Boolean b) {
                        ws.value(next, c, b);
                    } else if (v != null) {
                        ws.inlineString(next, c, defuse(v.toString()));
                    }
                }
                next++;
            }
            try {
                ws.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return sink.drain();
        }

        @Override
        public byte[] end() {
            try {
                wb.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return sink.drain();
        }
    }

    /** The bytes written since the last drain. */
    private static final class Sink extends ByteArrayOutputStream {
        byte[] drain() {
            byte[] out = toByteArray();
            reset();
            return out;
        }
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
