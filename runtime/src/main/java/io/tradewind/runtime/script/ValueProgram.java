package io.tradewind.runtime.script;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tradewind.runtime.form.CompiledForm;

/**
 * A list of expressions compiled together, each evaluated on its own against a JSON object of named
 * values (a flow's record fields, {@code settings}, {@code outputs}, …). The value crosses back as
 * JSON; {@code undefined} and non-finite numbers become {@code null}.
 */
public final class ValueProgram {
    private final ContextPool pool;
    private final String programId;
    private final List<String> expressions;
    private final List<Set<String>> names = new ArrayList<>();
    private final String text;
    private final Source source;

    ValueProgram(ContextPool pool, String programId, List<String> expressions) {
        this.pool = pool;
        this.programId = programId;
        this.expressions = List.copyOf(expressions);
        this.expressions.forEach(e -> names.add(new LinkedHashSet<>(ProgramSource.parameters(e))));
        this.text = ProgramSource.values(this.expressions);
        this.source = Source.newBuilder("js", text, "values-" + programId + ".js").buildLiteral();
    }

    /** The program's id, as given to {@link ScriptEngine#values}. */
    public String programId() {
        return programId;
    }

    /** The names expression {@code index} reads (its free identifiers that are not built-ins). */
    public Set<String> names(int index) {
        return names.get(index);
    }

    /**
     * Evaluates expression {@code index}; {@code pointer} names it in the failure.
     *
     * @throws io.tradewind.runtime.error.ScriptFailed
     *             when it throws or exceeds a limit
     */
    public JsonNode eval(int index, ObjectNode bindings, CompiledForm.EvalEnv env, String pointer) {
        Object[] rest = Boundary.arguments(Boundary.write(Boundary.select(bindings, names.get(index),
                java.util.Map.of())), env);
        Object[] args = new Object[]{rest[0], rest[1], rest[2], rest[3], index};
        String out;
        try {
            out = pool.run(p -> p.program(text, this::compile).execute(args).asString());
        } catch (PolyglotException e) {
            throw Boundary.failure(pointer, "The expression", e);
        }
        JsonNode result = Boundary.read(out);
        if (result.has("e")) {
            throw Boundary.error(pointer, "The expression '" + shorten(expressions.get(index)) + "' "
                    + FormulaProgram.describe(result.get("e").asText()));
        }
        return result.get("v");
    }

    private Value compile(ContextPool.Pooled p) {
        return p.driver.getMember("values").execute(p.context.eval(source));
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
