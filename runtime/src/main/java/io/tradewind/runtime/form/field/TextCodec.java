package io.tradewind.runtime.form.field;

import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.tradewind.runtime.error.TradewindException.Violation;

/**
 * Plain and multi-line text: trimmed (single-line text also has inner line breaks refused), length,
 * pattern.
 */
public record TextCodec(int minLength, int maxLength, Pattern pattern, boolean multiLine) implements FieldCodec {
    @Override
    public JsonNode normalize(JsonNode input, String pointer, List<Violation> out) {
        String s = FieldCodec.text(input, pointer, out, "text");
        if (s == null) {
            return null;
        }
        s = s.strip();
        if (s.isEmpty()) {
            return null;
        }
        if (!multiLine && (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0)) {
            FieldCodec.add(out, pointer, "LINE_BREAK", "This field is a single line; remove the line breaks.");
            return null;
        }
        int len = s.codePointCount(0, s.length());
        if (len > maxLength) {
            FieldCodec.add(out, pointer, "TOO_LONG", "At most " + maxLength + " characters (got " + len + ").");
            return null;
        }
        if (len < minLength) {
            FieldCodec.add(out, pointer, "TOO_SHORT", "At least " + minLength + " characters (got " + len + ").");
            return null;
        }
        if (pattern != null && !pattern.matcher(s).matches()) {
            FieldCodec.add(out, pointer, "PATTERN_MISMATCH", "The value does not have the required format.");
            return null;
        }
        return TextNode.valueOf(s);
    }

    @Override
    public SqlKind kind() {
        return SqlKind.TEXT;
    }
}
