package io.tradewind.runtime.form.field;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.tradewind.runtime.error.TradewindException.Violation;

/**
 * The id of another thing: a linked record, a user or a department. Only the shape is checked here;
 * that a linked record exists in the same tenant and form is guaranteed by the database when the
 * record is written.
 */
public record IdCodec(String what) implements FieldCodec {
    @Override
    public JsonNode normalize(JsonNode input, String pointer, List<Violation> out) {
        String s = FieldCodec.text(input, pointer, out, "the id of " + what);
        if (s == null || (s = s.strip()).isEmpty()) {
            return null;
        }
        UUID id = parse(s);
        if (id == null) {
            FieldCodec.add(out, pointer, "ID_INVALID", "'" + abbreviate(s) + "' is not the id of " + what + ".");
            return null;
        }
        return TextNode.valueOf(id.toString());
    }

    /** Parses a canonical UUID, or null. */
    public static UUID parse(String s) {
        if (s == null || s.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    @Override
    public SqlKind kind() {
        return SqlKind.TEXT;
    }
}
