package io.tradewind.runtime.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.model.report.Aggregation;
import io.tradewind.model.report.DateBucket;
import io.tradewind.model.report.Measure;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.form.CompiledForm;
import io.tradewind.runtime.form.field.FieldCodec.SqlKind;
import io.tradewind.runtime.form.query.FieldRef;
import io.tradewind.runtime.form.query.FilterCompiler;
import io.tradewind.runtime.form.query.SqlParams;

/**
 * The SQL expressions of a report's result columns: a measure's aggregation (with its optional
 * filter) or ratio, a dimension's date bucket, and the data type each column reports. Aggregations
 * and buckets map to fixed SQL; values are bind parameters.
 */
final class ColumnSql {
    private final CompiledForm form;
    private final FieldResolver fields;
    private final ParameterSubstitution substitution;
    private final SqlParams params;
    private final Instant now;
    private final ZoneId zone;

    ColumnSql(CompiledForm form, FieldResolver fields, ParameterSubstitution substitution, SqlParams params,
            Instant now, ZoneId zone) {
        this.form = form;
        this.fields = fields;
        this.substitution = substitution;
        this.params = params;
        this.now = now;
        this.zone = zone;
    }

    /** The aggregate of a measure without ratio, at pointer {@code p} (e.g. {@code /measures/0}). */
    String aggregate(Measure m, String p) {
        Aggregation agg = m.agg();
        if (agg == null) {
            throw InvalidInput.of(p + "/agg", "REPORT_DEFINITION_INVALID", "A measure needs an aggregation or a"
                    + " ratio.");
        }
        String x = null;
        SqlKind kind = null;
        if (m.field() != null) {
            FieldRef f = fields.field(m.field(), p + "/field");
            x = f.sql();
            kind = f.kind();
        }
        boolean numeric = kind == SqlKind.NUMBER || kind == SqlKind.MONEY;
        String expr = switch (agg) {
            case COUNT -> x == null ? "count(*)" : "count(" + x + ")";
            case COUNT_DISTINCT -> "count(distinct " + need(x, p) + ")";
            case SUM -> numeric ? "coalesce(sum(" + x + "), 0)" : notNumeric(p);
            case AVG -> numeric ? "round(avg(" + x + "), 4)" : notNumeric(p);
            case MIN, MAX -> numeric || kind == SqlKind.DATE || kind == SqlKind.DATETIME
                    ? agg.name().toLowerCase(Locale.ROOT) + "(" + x + ")"
                    : notNumeric(p);
        };
        if (m.filter() != null && !m.filter().isNull()) {
            fields.hiddenFields(m.filter(), p + "/filter");
            JsonNode f = substitution.substitute(m.filter(), p + "/filter");
            if (f != null) {
                String cond = new FilterCompiler(fields.measureFields(), params, now).compile(f, p + "/filter");
                // a conditional sum keeps 0 for no rows, like the plain sum
                expr = agg == Aggregation.SUM
                        ? "coalesce(sum(" + x + ") filter (where " + cond + "), 0)"
                        : expr.substring(0, expr.length() - 1) + ") filter (where " + cond + ")";
                if (agg == Aggregation.AVG) {
                    expr = "round(avg(" + x + ") filter (where " + cond + "), 4)";
                }
            }
        }
        return expr;
    }

    /**
     * A ratio measure: the quotient of two other measures' aggregates ({@code plain}, by key), rounded
     * to four places, null where the denominator is 0.
     */
    static String ratio(Measure m, Map<String, String> plain, int i) {
        String num = plain.get(m.ratio().numerator());
        String den = plain.get(m.ratio().denominator());
        if (num == null || den == null) {
            throw InvalidInput.of("/measures/" + i + "/ratio", "REPORT_DEFINITION_INVALID", "A ratio divides"
                    + " two other measures of the report.");
        }
        return "round((" + num + ")::numeric / nullif((" + den + ")::numeric, 0), 4)";
    }

    private static String need(String x, String p) {
        if (x == null) {
            throw InvalidInput.of(p + "/field", "REPORT_DEFINITION_INVALID", "This aggregation needs a field.");
        }
        return x;
    }

    private static String notNumeric(String p) {
        throw InvalidInput.of(p + "/field", "REPORT_DEFINITION_INVALID", "This aggregation needs a number field.");
    }

    /** A measure's data type: a number, except the min or max of a date or date-time. */
    String measureType(Measure m) {
        if ((m.agg() == Aggregation.MIN || m.agg() == Aggregation.MAX) && m.field() != null) {
            FieldRef f = m.field().indexOf('.') > 0 ? null : form.queryFields().get(m.field());
            if (f != null && (f.kind() == SqlKind.DATE || f.kind() == SqlKind.DATETIME)) {
                return dataType(f.kind());
            }
        }
        return "number";
    }

    /** {@code date_trunc} of a date or date-time field in the tenant's time zone, as yyyy-MM-dd. */
    String bucket(FieldRef f, DateBucket bucket, String p) {
        String ts;
        if (f.kind() == SqlKind.DATE) {
            ts = f.sql() + "::date::timestamp";
        } else if (f.kind() == SqlKind.DATETIME) {
            String tz = params.add(zone.getId());
            ts = (f.isColumn() ? f.sql() : f.sql() + "::timestamptz") + " at time zone " + tz;
        } else {
            throw InvalidInput.of(p + "/bucket", "REPORT_DEFINITION_INVALID", "Only date and date-time fields"
                    + " have buckets.");
        }
        String unit = switch (bucket) {
            case DAY -> "day";
            case WEEK -> "week";
            case MONTH -> "month";
            case QUARTER -> "quarter";
            case YEAR -> "year";
        };
        return "to_char(date_trunc('" + unit + "', " + ts + "), 'YYYY-MM-DD')";
    }

    /** The data type a column of {@code kind} reports. */
    static String dataType(SqlKind kind) {
        return switch (kind) {
            case NUMBER, MONEY -> "number";
            case DATE -> "date";
            case DATETIME -> "datetime";
            case BOOLEAN -> "boolean";
            default -> "text";
        };
    }
}
