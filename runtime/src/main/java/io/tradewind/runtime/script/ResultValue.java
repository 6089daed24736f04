package io.tradewind.runtime.script;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Turns a formula's guest result into the field's JSON value. The guest already coerced it (so
 * later formulas see the stored value); this is the authoritative check on the Java side.
 */
final class ResultValue {

    static final int MAX_TEXT = 10_000;

    private ResultValue() {
    }

    /** The stored value, or an {@link IllegalArgumentException} saying why the result is unusable. */
    static JsonNode coerce(Formula f, JsonNode v) {
        if (v == null || v.isNull()) {
            return NullNode.getInstance();
        }
        switch (f.resultType()) {
            case "decimal" -> {
                return DecimalNode.valueOf(number(v).setScale(f.scale(), RoundingMode.HALF_UP));
            }
            case "integer" -> {
                try {
                    return LongNode.valueOf(number(v).setScale(0, RoundingMode.HALF_UP).longValueExact());
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException("returned a number too large for an integer");
                }
            }
            case "boolean" -> {
                if (!v.isBoolean()) {
                    throw new IllegalArgumentException("returned a " + kind(v) + ", expected a boolean");
                }
                return BooleanNode.valueOf(v.booleanValue());
            }
            case "text" -> {
                if (!v.isTextual()) {
                    throw new IllegalArgumentException("returned a " + kind(v) + ", expected text");
                }
                if (v.textValue().length() > MAX_TEXT) {
                    throw new IllegalArgumentException("returned text longer than " + MAX_TEXT + " characters");
                }
                return TextNode.valueOf(v.textValue());
            }
            case "date" -> {
                try {
                    if (v.isTextual() && v.textValue().length() == 10) {
                        return TextNode.valueOf(LocalDate.parse(v.textValue()).toString());
                    }
                } catch (DateTimeParseException e) {
                    // reported below
                }
                throw new IllegalArgumentException("returned a value that is not an ISO date");
            }
            default -> throw new IllegalArgumentException("has an unknown result type");
        }
    }

    private static BigDecimal number(JsonNode v) {
        if (!v.isNumber()) {
            throw new IllegalArgumentException("returned a " + kind(v) + ", expected a number");
        }
        return v.decimalValue();
    }

    private static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "list";
            case OBJECT, POJO -> "object";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
