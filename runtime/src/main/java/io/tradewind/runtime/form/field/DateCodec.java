package io.tradewind.runtime.form.field;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.tradewind.runtime.error.TradewindException.Violation;

/** A calendar date, ISO 8601 {@code yyyy-MM-dd}, with no time zone. */
public record DateCodec(LocalDate min, LocalDate max) implements FieldCodec {
    @Override
    public JsonNode normalize(JsonNode input, String pointer, List<Violation> out) {
        String s = FieldCodec.text(input, pointer, out, "a date (yyyy-MM-dd)");
        if (s == null || (s = s.strip()).isEmpty()) {
            return null;
        }
        LocalDate d;
        try {
            d = LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            FieldCodec.add(out, pointer, "DATE_INVALID", "Not a valid date; use yyyy-MM-dd, e.g. 2026-03-31.");
            return null;
        }
        if (d.getYear() < 1000 || d.getYear() > 9999) {
            FieldCodec.add(out, pointer, "DATE_INVALID", "The year must have four digits.");
            return null;
        }
        if (min != null && d.isBefore(min)) {
            FieldCodec.add(out, pointer, "BELOW_MIN", "Must be on or after " + min + ".");
            return null;
        }
        if (max != null && d.isAfter(max)) {
            FieldCodec.add(out, pointer, "ABOVE_MAX", "Must be on or before " + max + ".");
            return null;
        }
        return TextNode.valueOf(d.toString());
    }

    @Override
    public SqlKind kind() {
        return SqlKind.DATE;
    }
}
