package io.tradewind.runtime.script;

import java.util.List;

import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tradewind.runtime.form.CompiledForm;

/**
 * A form's formulas compiled for the script engine. One {@link #compute} is one guest call: every
 * subtable's row formulas for every row, then the top-level formulas in order, each formula seeing
 * the results before it.
 */
public final class FormulaProgram implements CompiledForm.FormulaRunner {

    private final ContextPool pool;
    private final String programId;
    private final List<Formula> top;
    private final List<SubtableFormulas> subtables;
    private final String text;
    private final Source source;
    /** Top-level fields the top-level formulas read; a subtable named here is passed whole. */
    private final java.util.Set<String> topKeys = new java.util.HashSet<>();
    /** Per subtable with row formulas, the row fields those formulas read. */
    private final java.util.Map<String, java.util.Set<String>> rowKeys = new java.util.HashMap<>();

    FormulaProgram(ContextPool pool, String programId, List<Formula> top, List<SubtableFormulas> subtables) {
        this.pool = pool;
        this.programId = programId;
        this.top = List.copyOf(top);
        this.subtables = List.copyOf(subtables);
        this.text = ProgramSource.formulas(this.top, this.subtables);
        this.source = Source.newBuilder("js", text, "formulas-" + programId + ".js").buildLiteral();
        this.top.forEach(f -> topKeys.addAll(ProgramSource.parameters(f.expr())));
        for (SubtableFormulas sub : this.subtables) {
            var keys = new java.util.HashSet<String>();
            sub.rowFormulas().forEach(f -> keys.addAll(ProgramSource.parameters(f.expr())));
            rowKeys.put(sub.key(), keys);
        }
    }

    /** The program's id, as given to {@link ScriptEngine#formulas}. */
    public String programId() {
        return programId;
    }

    @Override
    public void compute(ObjectNode data, CompiledForm.EvalEnv env) {
        if (top.isEmpty() && subtables.isEmpty()) {
            return;
        }
        Object[] args = Boundary.arguments(Boundary.write(Boundary.select(data, topKeys, rowKeys)), env);
        String out;
        try {
            out = pool.run(p -> p.program(text, this::compile).execute(args).asString());
        } catch (PolyglotException e) {
            throw Boundary.failure("/data", "The formulas of " + programId, e);
        }
        apply(data, Boundary.read(out));
    }

    private Value compile(ContextPool.Pooled p) {
        return p.driver.getMember("formulas").execute(p.context.eval(source));
    }

    private void apply(ObjectNode data, JsonNode result) {
        if (result.has("e")) {
            throw guestError(result);
        }
        JsonNode s = result.get("s");
        for (int k = 0; k < subtables.size(); k++) {
            SubtableFormulas sub = subtables.get(k);
            JsonNode rowsOut = s.get(k);
            JsonNode rows = data.get(sub.key());
            if (rowsOut == null || rowsOut.isNull() || rows == null || !rows.isArray()) {
                continue;
            }
            for (int i = 0; i < rows.size() && i < rowsOut.size(); i++) {
                if (rows.get(i) instanceof ObjectNode row && rowsOut.get(i).isArray()) {
                    for (int j = 0; j < sub.rowFormulas().size(); j++) {
                        Formula f = sub.rowFormulas().get(j);
                        row.set(f.key(), coerce(f, rowsOut.get(i).get(j), Boundary.pointer(sub.key(), i, f.key())));
                    }
                }
            }
        }
        JsonNode t = result.get("t");
        for (int j = 0; j < top.size(); j++) {
            Formula f = top.get(j);
            data.set(f.key(), coerce(f, t.get(j), Boundary.pointer(f.key())));
        }
    }

    private static JsonNode coerce(Formula f, JsonNode value, String pointer) {
        try {
            return ResultValue.coerce(f, value);
        } catch (IllegalArgumentException e) {
            throw Boundary.error(pointer, "Formula '" + f.key() + "' " + e.getMessage());
        }
    }

    private RuntimeException guestError(JsonNode result) {
        JsonNode p = result.get("p");
        String message = result.get("e").asText();
        if (p.size() == 3) {
            return Boundary.error(Boundary.pointer(p.get(0).asText(), p.get(1).asInt(), p.get(2).asText()),
                    "Formula '" + p.get(2).asText() + "' in row " + (p.get(1).asInt() + 1) + " of '"
                            + p.get(0).asText() + "' " + describe(message));
        }
        return Boundary.error(Boundary.pointer(p.get(0).asText()),
                "Formula '" + p.get(0).asText() + "' " + describe(message));
    }

    /** "Unusable: returned NaN ..." reads as "returned NaN ..."; a thrown error as "failed: ...". */
    static String describe(String guestMessage) {
        return guestMessage.startsWith("Unusable: ")
                ? guestMessage.substring("Unusable: ".length())
                : "failed: " + guestMessage;
    }
}
