package io.tradewind.runtime.report;

import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;

/** Turns database values into the cells of a report result, as JSON and the exports write them. */
final class ReportCells {
    private ReportCells() {
    }

    /** A database value as a report cell: numbers without trailing zeros, date-times as ISO text. */
    static Object cell(Object v) {
        if (v instanceof io.vertx.sqlclient.data.Numeric n) {
            BigDecimal d = n.bigDecimalValue();
            return d == null ? null : number(d);
        }
        if (v instanceof java.time.OffsetDateTime t) {
            return io.tradewind.runtime.form.field.DatetimeCodec.FORMAT.format(t.toInstant().truncatedTo(
                    ChronoUnit.MILLIS));
        }
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
            return v instanceof BigDecimal d ? number(d) : v;
        }
        return v.toString();
    }

    /** A decimal without trailing zeros, written as a whole number when it is one. */
    static Object number(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() <= 0 ? (Object) s.toBigIntegerExact() : s;
    }
}
