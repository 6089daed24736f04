package io.tradewind.runtime.script;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tradewind.runtime.form.CompiledForm.EvalEnv;

/** Fixtures shared by the script tests. */
final class Scripts {

    /** 2026-11-23T23:30:00Z is already 2026-11-24 in Shanghai. */
    static final Instant NOW = Instant.parse("2026-11-23T23:30:00Z");

    static final EvalEnv ENV = env(Set.of());

    private Scripts() {
    }

    static EvalEnv env(Set<String> changed) {
        return new EvalEnv(NOW, ZoneId.of("UTC"), changed, "en");
    }

    static ObjectNode json(String json) {
        try {
            return (ObjectNode) Boundary.JSON.readTree(json.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The quote form: lines with amount = qty * unitPrice, total = sum of amounts. */
    static FormulaProgram quote(ScriptEngine engine) {
        return engine.formulas("quote",
                List.of(new Formula("total", "sum(lines, l => l.amount)", "decimal", 2),
                        new Formula("lineCount", "count(lines)", "integer", 0)),
                List.of(new SubtableFormulas("lines",
                        List.of(new Formula("amount", "qty * unitPrice", "decimal", 2)))));
    }

    /** A single top-level formula named {@code f}. */
    static FormulaProgram one(ScriptEngine engine, String expr, String type, int scale) {
        return engine.formulas("t", List.of(new Formula("f", expr, type, scale)), List.of());
    }
}
