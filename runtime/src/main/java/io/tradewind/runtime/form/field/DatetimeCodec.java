package io.tradewind.runtime.form.field;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.tradewind.runtime.error.TradewindException.Violation;

/**
 * A point in time. Accepted as ISO 8601 with an offset ({@code 2026-03-31T09:30:00+08:00}) or
 * without one, in which case it is read in the tenant's time zone. Stored and returned in UTC, to
 * the millisecond ({@code 2026-03-31T01:30:00.000Z}).
 */
public record DatetimeCodec(ZoneId zone) implements FieldCodec {
    /** Fixed width, so that stored values sort and compare correctly as text. */
    public static final java.time.format.DateTimeFormatter FORMAT = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    @Override
    public JsonNode normalize(JsonNode input, String pointer, List<Violation> out) {
        String s = FieldCodec.text(input, pointer, out, "a date and time (ISO 8601)");
        if (s == null || (s = s.strip()).isEmpty()) {
            return null;
        }
        Instant i;
        try {
            i = OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                i = LocalDateTime.parse(s).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                FieldCodec.add(out, pointer, "DATETIME_INVALID", "Not a valid date and time; use ISO 8601, e.g."
                        + " 2026-03-31T09:30:00+08:00.");
                return null;
            }
        }
        int year = i.atZone(java.time.ZoneOffset.UTC).getYear();
        if (year < 1000 || year > 9999) {
            FieldCodec.add(out, pointer, "DATETIME_INVALID", "The year must have four digits.");
            return null;
        }
        return TextNode.valueOf(FORMAT.format(i.truncatedTo(ChronoUnit.MILLIS)));
    }

    @Override
    public SqlKind kind() {
        return SqlKind.DATETIME;
    }
}
