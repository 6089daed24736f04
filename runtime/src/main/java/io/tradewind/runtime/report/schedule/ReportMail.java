package io.tradewind.runtime.report.schedule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.tradewind.model.report.Chart;
import io.tradewind.runtime.report.ReportCompiler.Column;
import io.tradewind.runtime.report.ReportExport;
import io.tradewind.runtime.report.ReportService;

/**
 * Composes the email of one scheduled delivery: an HTML body with, per report, its chart as an
 * inline PNG ({@code cid:}) and its rows as a table, a plain-text alternative, and each report's
 * rows as an XLSX attachment when the recipient may export them. Every label and cell is user data
 * and is HTML-escaped.
 */
public final class ReportMail {
    /** The XLSX media type. */
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final String TH = "text-align:left;border-bottom:2px solid #ccc;padding:6px 10px;background:#f6f6f6";
    private static final String TD = "border-bottom:1px solid #eee;padding:6px 10px";

    private ReportMail() {
    }

    /**
     * One report of the email.
     *
     * @param key
     *            the report key (names the attachment)
     * @param title
     *            the section heading
     * @param result
     *            the report as the recipient may see it; null when they may not
     * @param note
     *            why there is no result, or null
     * @param spreadsheet
     *            attach the rows as XLSX (the recipient may export the dataset)
     */
    public record Section(String key, String title, ReportService.Result result, String note,
            boolean spreadsheet) {
    }

    /** A file of the message; {@code contentId} is set for inline parts. */
    public record Part(String name, byte[] bytes, String contentType, String contentId) {
    }

    /** The message to send. */
    public record Message(String subject, String html, String text, List<Part> inline, List<Part> attachments) {
    }

    /**
     * The message.
     *
     * @param heading
     *            the schedule's name
     * @param subtitle
     *            what it shows and when, e.g. "Sales funnel · 2026-12-03 08:00 (Asia/Shanghai)"
     * @param maxRows
     *            most rows per table in the body
     */
    public static Message compose(String heading, String subtitle, List<Section> sections, int maxRows) {
        StringBuilder html = new StringBuilder(4096);
        StringBuilder text = new StringBuilder(1024);
        List<Part> inline = new ArrayList<>();
        List<Part> files = new ArrayList<>();
        Set<String> names = new HashSet<>();
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(MailFormat.html(heading))
                .append("</title></head><body style=\"font-family:Arial,Helvetica,sans-serif;color:#222;margin:0;"
                        + "padding:16px\">");
        html.append("<h1 style=\"font-size:20px;margin:0 0 4px\">").append(MailFormat.html(heading)).append("</h1>");
        html.append("<p style=\"color:#666;margin:0 0 16px\">").append(MailFormat.html(subtitle)).append("</p>");
        text.append(heading).append('\n').append(subtitle).append("\n");
        int n = 0;
        for (Section s : sections) {
            n++;
            html.append("<h2 style=\"font-size:16px;margin:24px 0 8px\">").append(MailFormat.html(s.title()))
                    .append("</h2>");
            text.append('\n').append(s.title()).append('\n');
            if (s.result() == null) {
                html.append("<p style=\"color:#666\">").append(MailFormat.html(s.note())).append("</p>");
                text.append(s.note()).append('\n');
                continue;
            }
            ReportService.Result r = s.result();
            byte[] png = ChartRenderer.png(r.chart() instanceof Chart c ? c : null, r.columns(), r.rows(), r
                    .conversion());
            if (png != null) {
                String cid = "chart-" + n + "@tradewind";
                inline.add(new Part("chart-" + n + ".png", png, "image/png", "<" + cid + ">"));
                html.append("<img src=\"cid:").append(cid).append("\" alt=\"").append(MailFormat.html(s.title()))
                        .append("\" width=\"").append(ChartRenderer.WIDTH).append("\" style=\"display:block;"
                                + "max-width:100%;height:auto;margin:0 0 12px\">");
            }
            table(html, text, r, maxRows);
            if (s.spreadsheet()) {
                String name = unique(names, s.key().replaceAll("[^A-Za-z0-9_-]", "_"));
                files.add(new Part(name + ".xlsx", ReportExport.xlsx(r, "en"), XLSX, null));
            }
        }
        html.append("<p style=\"color:#999;font-size:12px;margin-top:24px\">Sent by Tradewind for the schedule \"")
                .append(MailFormat.html(heading)).append("\". The figures are what your own permissions show.");
        if (!files.isEmpty()) {
            html.append(" The attached spreadsheet").append(files.size() > 1 ? "s hold" : " holds")
                    .append(" every row.");
        }
        html.append("</p></body></html>");
        return new Message(MailFormat.header(heading, 200), html.toString(), text.toString(), inline, files);
    }

    private static void table(StringBuilder html, StringBuilder text, ReportService.Result r, int maxRows) {
        List<Column> cols = r.columns();
        html.append("<table cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;font-size:13px\">"
                + "<thead><tr>");
        for (int i = 0; i < cols.size(); i++) {
            Column c = cols.get(i);
            String label = c.label() == null ? c.key() : c.label().text("en");
            html.append("<th style=\"").append(TH).append("\">").append(MailFormat.html(label)).append("</th>");
            text.append(i == 0 ? "" : "\t").append(label);
        }
        html.append("</tr></thead><tbody>");
        text.append('\n');
        int shown = Math.min(maxRows, r.rows().size());
        for (int i = 0; i < shown; i++) {
            List<Object> row = r.rows().get(i);
            html.append("<tr>");
            for (int j = 0; j < row.size(); j++) {
                Object v = row.get(j);
                String align = v instanceof Number ? ";text-align:right" : "";
                html.append("<td style=\"").append(TD).append(align).append("\">").append(MailFormat.html(MailFormat
                        .cell(v))).append("</td>");
                text.append(j == 0 ? "" : "\t").append(MailFormat.cell(v));
            }
            html.append("</tr>");
            text.append('\n');
        }
        if (r.rows().isEmpty()) {
            html.append("<tr><td colspan=\"").append(Math.max(1, cols.size())).append("\" style=\"").append(TD)
                    .append(";color:#666\">No rows.</td></tr>");
            text.append("(no rows)\n");
        }
        html.append("</tbody></table>");
        if (shown < r.rows().size()) {
            html.append("<p style=\"color:#666;font-size:12px\">The first ").append(shown).append(" of ").append(r
                    .rows().size()).append(" rows.</p>");
            text.append("(the first ").append(shown).append(" of ").append(r.rows().size()).append(" rows)\n");
        }
    }

    private static String unique(Set<String> names, String name) {
        String base = name.isEmpty() ? "report" : name;
        String n = base;
        for (int i = 2; !names.add(n); i++) {
            n = base + "-" + i;
        }
        return n;
    }
}
