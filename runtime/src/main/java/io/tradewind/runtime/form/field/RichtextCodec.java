package io.tradewind.runtime.form.field;

import java.util.List;

import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.tradewind.runtime.error.TradewindException.Violation;

/**
 * Rich text: HTML sanitized on the server to a safe subset (formatting, lists, tables, links,
 * images by http(s) URL). Scripts, event handlers, styles and unknown tags are removed before the
 * value is stored.
 */
public record RichtextCodec(int maxLength) implements FieldCodec {
    private static final PolicyFactory POLICY = Sanitizers.FORMATTING.and(Sanitizers.BLOCKS)
            .and(Sanitizers.LINKS)
            .and(Sanitizers.TABLES)
            .and(Sanitizers.IMAGES)
            .and(new HtmlPolicyBuilder().allowElements("hr", "br", "pre", "code", "span").toFactory());

    @Override
    public JsonNode normalize(JsonNode input, String pointer, List<Violation> out) {
        String s = FieldCodec.text(input, pointer, out, "rich text (HTML)");
        if (s == null) {
            return null;
        }
        if (s.length() > maxLength) {
            FieldCodec.add(out, pointer, "TOO_LONG", "At most " + maxLength + " characters.");
            return null;
        }
        String clean = POLICY.sanitize(s).strip();
        return clean.isEmpty() ? null : TextNode.valueOf(clean);
    }

    @Override
    public SqlKind kind() {
        return SqlKind.TEXT;
    }
}
