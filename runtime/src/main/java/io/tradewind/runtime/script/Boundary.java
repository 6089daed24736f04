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
