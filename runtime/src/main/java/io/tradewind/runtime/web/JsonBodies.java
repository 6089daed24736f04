package io.tradewind.runtime.web;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tradewind.runtime.error.InvalidInput;

/**
 * Reads request bodies strictly: well-formed UTF-8 JSON, no duplicate keys, bounded nesting, string
 * and number sizes, and no NUL characters anywhere (PostgreSQL cannot store them). Every failure is
 * a 400 that says where.
 */
public final class JsonBodies {
    /** Deepest nesting a request body may have. */
    public static final int MAX_DEPTH = 32;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // keep a decimal's scale (5.00 stays 5.00): stored records and write answers must agree
            .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(1_000_000)
                .maxNumberLength(100)
                .build());
    }

    private JsonBodies() {
    }

    /** The shared strict mapper (also used to write). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a body that must be a JSON object. */
    public static ObjectNode object(byte[] body) {
        JsonNode node = parse(body);
        if (!(node instanceof ObjectNode o)) {
            throw InvalidInput.of("", "BODY_NOT_OBJECT", "The request body must be a JSON object.");
        }
        return o;
    }

    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw InvalidInput.of("", "BODY_MISSING", "The request needs a JSON body.");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw InvalidInput.of("", "BODY_TOO_COMPLEX", "The JSON body is too deeply nested or has a value that is"
                    + " too long (at most " + MAX_DEPTH + " levels).");
        } catch (JsonParseException e) {
            String msg = e.getOriginalMessage();
            if (msg != null && msg.contains("Duplicate field")) {
                throw InvalidInput.of("", "BODY_DUPLICATE_KEY", "The JSON body has a key twice: " + msg);
            }
            var loc = e.getLocation();
            throw InvalidInput.of("", "BODY_MALFORMED", "The body is not well-formed JSON (line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr() + "): " + clean(msg));
        } catch (IOException e) {
            throw InvalidInput.of("", "BODY_MALFORMED", "The body is not well-formed JSON: " + clean(e.getMessage()));
        }
        if (node == null || node.isMissingNode()) {
            throw InvalidInput.of("", "BODY_MISSING", "The request needs a JSON body.");
        }
        rejectNul(node, "");
        return node;
    }

    private static void rejectNul(JsonNode node, String pointer) {
        if (node.isTextual()) {
            if (node.textValue().indexOf('\0') >= 0) {
                throw InvalidInput.of(pointer, "VALUE_HAS_NUL", "Text may not contain the NUL character (\\u0000).");
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = pointer + "/" + escape(e.getKey());
                if (e.getKey().indexOf('\0') >= 0) {
                    throw InvalidInput.of(pointer, "VALUE_HAS_NUL", "A key may not contain the NUL character.");
                }
                rejectNul(e.getValue(), child);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                rejectNul(node.get(i), pointer + "/" + i);
            }
        }
    }

    /** Escapes a key for use in an RFC 6901 JSON Pointer. */
    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String clean(String msg) {
        if (msg == null) {
            return "";
        }
        int nl = msg.indexOf('\n');
        String first = nl < 0 ? msg : msg.substring(0, nl);
        return first.replaceAll("\\(class [^)]*\\)", "").replaceAll("com\\.fasterxml[\\w.$]*", "").trim();
    }
}
