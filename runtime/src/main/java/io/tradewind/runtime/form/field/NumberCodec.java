package io.tradewind.runtime.form.field;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;

import io.tradewind.runtime.error.TradewindException.Violation;

/**
 * Integers, decimals and percentages. A decimal keeps exactly {@code scale} fraction digits; input
 * with more digits than the scale is refused rather than silently rounded. Numbers may be sent as
 * JSON numbers or numeric strings.
 */
public record NumberCodec(Integer scale, BigDecimal min, BigDecimal max) implements FieldCodec {
    private static final BigDecimal LIMIT = new BigDecimal("1e15");

    /** An integer field (no fraction digits). */
    public static NumberCodec integer(Long min, Long max) {
        return new NumberCodec(null, min == null ? null : BigDecimal.valueOf(min),
                max == null ? null : BigDecimal.valueOf(max));
    }

    @Override
    public JsonNode normalize(JsonNode input, String pointer, List<Violation> out) {
        BigDecimal v = read(input, pointer, out, scale == null ? "a whole number" : "a number");
        if (v == null) {
            return null;
        }
        if (v.abs().compareTo(LIMIT) >= 0) {
            FieldCodec.add(out, pointer, "OUT_OF_RANGE", "The number is too large.");
            return null;
        }
        if (scale == null) {
            if (v.stripTrailingZeros().scale() > 0) {
                FieldCodec.add(out, pointer, "NOT_AN_INTEGER", "Expected a whole number.");
                return null;
            }
        } else if (v.stripTrailingZeros().scale() > scale) {
            FieldCodec.add(out, pointer, "TOO_MANY_DECIMALS", "At most " + scale + " decimal places.");
            return null;
        }
        if (min != null && v.compareTo(min) < 0) {
            FieldCodec.add(out, pointer, "BELOW_MIN", "Must be at least " + min.toPlainString() + ".");
            return null;
        }
        if (max != null && v.compareTo(max) > 0) {
            FieldCodec.add(out, pointer, "ABOVE_MAX", "Must be at most " + max.toPlainString() + ".");
            return null;
        }
        return scale == null ? LongNode.valueOf(v.longValueExact()) : DecimalNode.valueOf(v.setScale(scale));
    }

    /** Reads a JSON number or numeric string; null (with a violation) for anything else. */
    static BigDecimal read(JsonNode input, String pointer, List<Violation> out, String what) {
        try {
            if (input.isNumber()) {
                return input.decimalValue();
            }
            if (input.isTextual() && input.textValue().strip().matches("-?[0-9]{1,20}(\\.[0-9]{1,20})?")) {
                return new BigDecimal(input.textValue().strip());
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        FieldCodec.add(out, pointer, "WRONG_TYPE", "Expected " + what + ", got " + FieldCodec.describe(input) + ".");
        return null;
    }

    @Override
    public SqlKind kind() {
        return SqlKind.NUMBER;
    }
}
