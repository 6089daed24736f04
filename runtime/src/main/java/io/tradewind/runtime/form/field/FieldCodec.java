package io.tradewind.runtime.form.field;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.runtime.error.TradewindException.Violation;

/**
 * Normalizes and checks the value of one field type. {@link #normalize} never throws for bad input:
 * it adds violations (code, pointer, message) so that every problem of a record is reported at
 * once.
 */
public interface FieldCodec {
    /**
     * @param input
     *            the value sent (never null; JSON null means "no value")
     * @param pointer
     *            the JSON Pointer of the value in the record representation, e.g.
     *            {@code /data/lines/2/qty}
     * @return the value to store, or null when the input is empty or invalid
     */
    JsonNode normalize(JsonNode input, String pointer, List<Violation> violations);

    /** How the value compares in filters and sorts. */
    SqlKind kind();

    /** The SQL type family of a stored value, for filter and sort expressions. */
    enum SqlKind {
        TEXT, NUMBER, BOOLEAN, DATE, DATETIME, MONEY, ARRAY, OBJECT
    }

    static void add(List<Violation> out, String pointer, String code, String message) {
        out.add(new Violation(pointer, code, message));
    }

    /** Reads a JSON string value, or reports the expected type. */
    static String text(JsonNode input, String pointer, List<Violation> out, String what) {
        if (!input.isTextual()) {
            add(out, pointer, "WRONG_TYPE", "Expected " + what + " as a JSON string, got " + describe(input) + ".");
            return null;
        }
        return input.textValue();
    }

    static String describe(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            default -> "null";
        };
    }
}
