package io.tradewind.runtime.report;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.model.report.ParameterType;
import io.tradewind.model.report.ReportParameter;
import io.tradewind.runtime.error.InvalidInput;

/**
 * Validates and resolves the parameter values of a report or dashboard request. Each value is
 * checked against its declared type; relative dates ({@code -P90D}, {@code P0D},
 * {@code startOfMonth}, …) are resolved in the tenant's time zone. Values only ever reach SQL as
 * bind parameters.
 */
public final class ReportParameters {
    /** The longest text value accepted. */
    static final int MAX_TEXT = 200;
    private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(2200, 12, 31);

    private ReportParameters() {
    }

    /**
     * The effective values: the request's, else the declared default, else null (an unset parameter
     * drops the filter conditions that use it). Query keys that are neither declared nor in
     * {@code reserved} are refused.
     *
     * @return parameter key to value: a {@code yyyy-MM-dd} or ISO date-time text, a number, a text, or
     *         null
     */
    public static Map<String, Object> resolve(List<ReportParameter> declared, Map<String, List<String>> query,
            Set<String> reserved, ZoneId zone, java.time.Instant now,
            io.tradewind.runtime.security.TradewindPrincipal user) {
        Map<String, ReportParameter> byKey = new LinkedHashMap<>();
        if (declared != null) {
            declared.forEach(p -> byKey.put(p.key(), p));
        }
        for (var e : query.entrySet()) {
            String k = e.getKey();
            if (!byKey.containsKey(k) && !reserved.contains(k)) {
                throw InvalidInput.of("/parameters/" + pointerSafe(k), "PARAMETER_UNKNOWN", "The report has no"
                        + " parameter '" + shorten(k) + "'.");
            }
            if (e.getValue().size() > 1) {
                throw InvalidInput.of("/parameters/" + pointerSafe(k), "PARAMETER_INVALID", "Give '" + shorten(k)
                        + "' once.");
            }
        }
        LocalDate today = LocalDate.ofInstant(now, zone);
        Map<String, Object> out = new LinkedHashMap<>();
        for (ReportParameter p : byKey.values()) {
            List<String> given = query.get(p.key());
            String raw = given == null || given.isEmpty() ? null : given.get(0);
            if (raw != null && raw.isBlank()) {
                raw = null;
            }
            JsonNode def = p.defaultValue();
            if (raw == null && def != null && !def.isNull()) {
                raw = preset(def.asText(), user);
                if (raw == null) {
                    out.put(p.key(), null); // a viewer without a department
                    continue;
                }
            } else if (raw != null && (p.type() == ParameterType.USER || p.type() == ParameterType.DEPARTMENT)
                    && raw.startsWith("$user.")) {
                // a dashboard passes its presets on as they are
                raw = preset(raw, user);
                if (raw == null) {
                    out.put(p.key(), null);
                    continue;
                }
            }
            out.put(p.key(), raw == null ? null : value(p, raw, today, zone));
        }
        return out;
    }

    /**
     * The viewer's id for {@code $user.id}, their department for {@code $user.department} (null without
     * one); any other text as it is.
     */
    static String preset(String v, io.tradewind.runtime.security.TradewindPrincipal user) {
        return switch (v) {
            case "$user.id" -> user.userId().toString();
            case "$user.department" -> user.departmentId() == null ? null : user.departmentId().toString();
            default -> v;
        };
    }

    private static Object value(ReportParameter p, String raw, LocalDate today, ZoneId zone) {
        String pointer = "/parameters/" + p.key();
        if (raw.length() > MAX_TEXT) {
            throw InvalidInput.of(pointer, "PARAMETER_INVALID", "The value is too long.");
        }
        String v = raw.strip();
        try {
            return switch (p.type()) {
                case DATE -> date(v, today).toString();
                case DATETIME -> {
                    if (!v.contains("T")) {
                        // a date or a relative date: the start of that day in the tenant's time zone
                        yield date(v, today).atStartOfDay(zone).toOffsetDateTime().toString();
                    }
                    OffsetDateTime t = OffsetDateTime.parse(v);
                    inRange(t.toLocalDate());
                    yield t.toString();
                }
                case NUMBER -> {
                    BigDecimal n = new BigDecimal(v);
                    if (n.abs().compareTo(new BigDecimal("1e15")) > 0 || n.scale() > 10) {
                        throw new NumberFormatException();
                    }
                    yield n;
                }
                case USER, DEPARTMENT -> UUID.fromString(v).toString();
                case COUNTRY -> {
                    if (!v.matches("[A-Z]{2}")) {
                        throw new IllegalArgumentException();
                    }
                    yield v;
                }
                case SELECT -> {
                    if (p.options() == null || !p.options().contains(v)) {
                        throw InvalidInput.of(pointer, "PARAMETER_INVALID", "Choose one of " + (p.options() == null
                                ? List.of()
                                : p.options()) + ".");
                    }
                    yield v;
                }
                case TEXT -> v;
            };
        } catch (DateTimeException | ArithmeticException | IllegalArgumentException e) {
            throw InvalidInput.of(pointer, "PARAMETER_INVALID", switch (p.type()) {
                case DATE -> "Expected a date (yyyy-MM-dd), a period such as -P90D, or startOfMonth, startOfQuarter"
                        + " or startOfYear.";
                case DATETIME -> "Expected an ISO 8601 date-time with offset.";
                case NUMBER -> "Expected a number.";
                case USER, DEPARTMENT -> "Expected an id.";
                case COUNTRY -> "Expected an ISO 3166 country code such as DE.";
                default -> "The value is not valid.";
            });
        }
    }

    /** A date: ISO, a period relative to today, or the start of the current month, quarter or year. */
    static LocalDate date(String v, LocalDate today) {
        LocalDate d = switch (v) {
            case "startOfMonth" -> today.withDayOfMonth(1);
            case "startOfQuarter" -> today.with(IsoFields.DAY_OF_QUARTER, 1);
            case "startOfYear" -> today.withDayOfYear(1);
            default -> {
                if (v.startsWith("P") || v.startsWith("-P") || v.startsWith("+P")) {
                    yield today.plus(Period.parse(v));
                }
                yield LocalDate.parse(v);
            }
        };
        inRange(d);
        return d;
    }

    private static void inRange(LocalDate d) {
        if (d.isBefore(EARLIEST) || d.isAfter(LATEST)) {
            throw new DateTimeParseException("out of range", d.toString(), 0);
        }
    }

    private static String pointerSafe(String k) {
        return shorten(k).replace("~", "~0").replace("/", "~1");
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
