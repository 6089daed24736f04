package io.tradewind.runtime.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.form.CompiledForm;

/** A form's rules compiled for the script engine; one {@link #check} is one guest call. */
public final class RuleProgram implements CompiledForm.RuleRunner {

    /** Code of the violation a rule whose condition holds yields. */
    public static final String RULE_VIOLATED = "RULE_VIOLATED";

    private final ContextPool pool;
    private final String programId;
    private final List<Rule> rules;
    private final String text;
    private final Source source;
    /** The fields the rules read; only these cross into the guest. */
    private final java.util.Set<String> keys = new java.util.HashSet<>();

    RuleProgram(ContextPool pool, String programId, List<Rule> rules) {
        this.pool = pool;
        this.programId = programId;
        this.rules = List.copyOf(rules);
        this.text = ProgramSource.rules(this.rules);
        this.rules.forEach(r -> keys.addAll(ProgramSource.parameters(r.when())));
        this.source = Source.newBuilder("js", text, "rules-" + programId + ".js").buildLiteral();
    }

    /** The program's id, as given to {@link ScriptEngine#rules}. */
    public String programId() {
        return programId;
    }

    @Override
    public List<Violation> check(ObjectNode data, CompiledForm.EvalEnv env) {
        if (rules.isEmpty()) {
            return List.of();
        }
        Object[] args = Boundary.arguments(Boundary.write(Boundary.select(data, keys, java.util.Map.of())), env);
        String out;
        try {
            out = pool.run(p -> p.program(text, this::compile).execute(args).asString());
        } catch (PolyglotException e) {
            throw Boundary.failure("/data", "The rules of " + programId, e);
        }
        JsonNode result = Boundary.read(out);
        if (result.has("e")) {
            Rule r = rules.get(result.get("i").asInt());
            throw Boundary.error(pointer(r),
                    "Rule '" + r.key() + "' " + FormulaProgram.describe(result.get("e").asText()));
        }
        var violations = new ArrayList<Violation>();
        for (JsonNode i : result.get("v")) {
            Rule r = rules.get(i.asInt());
            violations.add(new Violation(pointer(r), RULE_VIOLATED, message(r, env.language())));
        }
        return violations;
    }

    private Value compile(ContextPool.Pooled p) {
        return p.driver.getMember("rules").execute(p.context.eval(source));
    }

    private static String pointer(Rule r) {
        return r.fields().isEmpty() ? "/data" : Boundary.pointer(r.fields().get(0));
    }

    /** The message in {@code language}, else English, else any (the first by language code). */
    static String message(Rule r, String language) {
        Map<String, String> m = r.message();
        if (language != null && m.containsKey(language)) {
            return m.get(language);
        }
        if (m.containsKey("en")) {
            return m.get("en");
        }
        return m.isEmpty() ? "Rule '" + r.key() + "' is violated" : new TreeMap<>(m).firstEntry().getValue();
    }
}
