package io.tradewind.runtime.script;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.graalvm.polyglot.PolyglotException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.tradewind.runtime.error.ScriptFailed;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.form.CompiledForm.EvalEnv;

/** What crosses between Java and the guest: JSON text both ways, and the evaluation environment. */
final class Boundary {

    static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Boundary() {
    }

    /** The arguments after the input: today, now, and the changed fields as a JSON array. */
    static Object[] arguments(String input, EvalEnv env) {
        var now = env.now();
        var zone = env.zone();
        Set<String> changed = env.changed() == null ? Set.of() : env.changed();
        return new Object[]{input, LocalDate.ofInstant(now, zone).toString(), now.toString(), write(changed)};
    }

    /**
     * The part of a record an expression program reads: the named top-level values, and for each
     * subtable either whole rows or only the named row fields. Nodes are shared, not copied; the result
     * is only serialized.
     */
    static com.fasterxml.jackson.databind.node.ObjectNode select(com.fasterxml.jackson.databind.node.ObjectNode data,
            java.util.Set<String> keys, java.util.Map<String, java.util.Set<String>> rowKeys) {
        var f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        var out = f.objectNode();
        for (String k : keys) {
            com.fasterxml.jackson.databind.JsonNode v = data.get(k);
            if (v != null) {
                out.set(k, v);
            }
        }
        for (var e : rowKeys.entrySet()) {
            com.fasterxml.jackson.databind.JsonNode rows = data.get(e.getKey());
            if (rows == null || !rows.isArray() || keys.contains(e.getKey())) {
                continue;
            }
            var trimmed = f.arrayNode(rows.size());
            for (com.fasterxml.jackson.databind.JsonNode row : rows) {
                if (row instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                    var r = f.objectNode();
                    for (String k : e.getValue()) {
                        com.fasterxml.jackson.databind.JsonNode v = o.get(k);
                        if (v != null) {
                            r.set(k, v);
                        }
                    }
                    trimmed.add(r);
                } else {
                    trimmed.add(row);
                }
            }
            out.set(e.getKey(), trimmed);
        }
        return out;
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value instanceof Set<?> s ? new TreeSet<>(s) : value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write script input", e);
        }
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ScriptFailed(ScriptFailed.SCRIPT_ERROR, "The script returned data that cannot be read");
        }
    }

    /** JSON Pointer of {@code /data} followed by the given tokens. */
    static String pointer(Object... tokens) {
        var sb = new StringBuilder("/data");
        for (Object t : tokens) {
            sb.append('/').append(t.toString().replace("~", "~0").replace("/", "~1"));
        }
        return sb.toString();
    }

    /** A failure naming its culprit. */
    static ScriptFailed error(String pointer, String message) {
        return new ScriptFailed(ScriptFailed.SCRIPT_ERROR, message,
                List.of(new Violation(pointer, ScriptFailed.SCRIPT_ERROR, message)));
    }

    /**
     * A polyglot failure that is not a limit (those are mapped by the pool): the guest's own message,
     * or a generic one for anything inside the engine, so no Java class name or trace leaks out.
     */
    static ScriptFailed failure(String pointer, String what, PolyglotException e) {
        String detail = e.isGuestException() && e.getMessage() != null
                ? firstLine(e.getMessage())
                : "internal script engine error";
        return error(pointer, what + " failed: " + detail);
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
