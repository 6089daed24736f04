package io.tradewind.runtime.report.schedule;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Escaping and number formatting for the report email. */
public final class MailFormat {
    private MailFormat() {
    }

    /**
     * Text safe to place in HTML element content and in double- or single-quoted attribute values:
     * {@code & < > " '} become entities, and control characters other than tab and line breaks are
     * dropped.
     */
    public static String html(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** A single-line header value (subject): line breaks and control characters become spaces. */
    public static String header(String s, int max) {
        String t = s == null ? "" : s.replaceAll("\\p{Cc}+", " ").strip();
        return t.length() > max ? t.substring(0, max - 1) + "…" : t;
    }

    /** A number with thousands separators and its own decimals: 1234567.5 → 1,234,567.5. */
    public static String number(Number n) {
        BigDecimal d = switch (n) {
            case BigDecimal b -> b;
            case BigInteger b -> new BigDecimal(b);
            case Double x -> BigDecimal.valueOf(x);
            case Float x -> BigDecimal.valueOf(x.doubleValue());
            default -> BigDecimal.valueOf(n.longValue());
        };
        DecimalFormat f = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        int scale = Math.max(0, d.stripTrailingZeros().scale());
        f.setMinimumFractionDigits(0);
        f.setMaximumFractionDigits(Math.min(scale, 10));
        f.setRoundingMode(java.math.RoundingMode.HALF_UP);
        return f.format(d);
    }

    /** A cell for the email table: numbers formatted, booleans as yes/no, null as empty. */
    public static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Number n) {
            return number(n);
        }
        if (v instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        return v.toString();
    }
}
