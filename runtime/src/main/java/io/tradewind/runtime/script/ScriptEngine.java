package io.tradewind.runtime.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;

import io.tradewind.model.form.ExpressionReferences;
import io.tradewind.runtime.error.ScriptFailed;
import io.tradewind.runtime.error.TradewindException.Violation;

/**
 * Runs formulas and rules as sandboxed JavaScript (GraalJS). One shared engine; a bounded pool of
 * reusable contexts, each with the standard library defined once and frozen; programs compiled once
 * per context. Every evaluation runs under a statement limit and a wall-clock watchdog (see
 * {@link ScriptLimits}); values cross the boundary as JSON text.
 */
@ApplicationScoped
public class ScriptEngine implements AutoCloseable {

    private static final Pattern POSITION = Pattern.compile("^(?:SyntaxError: )?expression:(\\d+):(\\d+) (.*)$");

    private final ContextPool pool;

    /** For tests and tools: the given limits, a pool of twice the processors. */
    public ScriptEngine(ScriptLimits limits) {
        this(limits, 2 * Runtime.getRuntime().availableProcessors());
    }

    /** The given limits and at most {@code poolSize} contexts. */
    public ScriptEngine(ScriptLimits limits, int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be positive");
        }
        this.pool = new ContextPool(limits, poolSize);
    }

    @Inject
    public ScriptEngine(ScriptConfig config) {
        this(new ScriptLimits(config.statements(), config.time()),
                config.poolSize().orElse(2 * Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Compiles a form's formulas. Top-level formulas must come in dependency order, row formulas in the
     * order they are computed.
     *
     * @throws ScriptFailed
     *             {@code SCRIPT_ERROR} naming every formula whose expression does not parse
     */
    public FormulaProgram formulas(String programId, List<Formula> topLevel, List<SubtableFormulas> subtables) {
        var problems = new ArrayList<Violation>();
        for (Formula f : topLevel) {
            syntaxError(f.expr()).ifPresent(m -> problems.add(
                    new Violation(Boundary.pointer(f.key()), ScriptFailed.SCRIPT_ERROR, f.key() + ": " + m)));
        }
        for (SubtableFormulas s : subtables) {
            for (Formula f : s.rowFormulas()) {
                syntaxError(f.expr()).ifPresent(m -> problems.add(new Violation(Boundary.pointer(s.key(), f.key()),
                        ScriptFailed.SCRIPT_ERROR, s.key() + "." + f.key() + ": " + m)));
            }
        }
        throwIfAny(programId, problems);
        return new FormulaProgram(pool, programId, topLevel, subtables);
    }

    /**
     * Compiles a form's rules.
     *
     * @throws ScriptFailed
     *             {@code SCRIPT_ERROR} naming every rule whose condition does not parse
     */
    public RuleProgram rules(String programId, List<Rule> rules) {
        var problems = new ArrayList<Violation>();
        for (Rule r : rules) {
            syntaxError(r.when()).ifPresent(m -> problems
                    .add(new Violation("/rules/" + r.key(), ScriptFailed.SCRIPT_ERROR, r.key() + ": " + m)));
        }
        throwIfAny(programId, problems);
        return new RuleProgram(pool, programId, rules);
    }

    /**
     * Compiles expressions to evaluate one at a time against named values (a flow's expressions).
     *
     * @throws ScriptFailed
     *             {@code SCRIPT_ERROR} naming every expression that does not parse
     */
    public ValueProgram values(String programId, List<String> expressions) {
        var problems = new ArrayList<Violation>();
        for (int i = 0; i < expressions.size(); i++) {
            int at = i;
            syntaxError(expressions.get(i)).ifPresent(m -> problems.add(new Violation("/expressions/" + at,
                    ScriptFailed.SCRIPT_ERROR, m)));
        }
        throwIfAny(programId, problems);
        return new ValueProgram(pool, programId, expressions);
    }

    /**
     * The syntax error of a JavaScript expression, if it has one, found by parsing without running it.
     * Positions are given within the expression.
     */
    public Optional<String> syntaxError(String expr) {
        Optional<String> obvious = ExpressionReferences.syntaxProblem(expr);
        if (obvious.isPresent()) {
            return obvious;
        }
        Source source = Source.newBuilder("js", ProgramSource.single(expr), "expression").cached(false)
                .buildLiteral();
        return pool.run(p -> {
            try {
                p.context.parse(source);
                return Optional.<String>empty();
            } catch (PolyglotException e) {
                if (!e.isSyntaxError()) {
                    throw e;
                }
                return Optional.of(cleanSyntaxMessage(e.getMessage(), (int) expr.lines().count()));
            }
        });
    }

    /** Contexts created since start, replacements included; a test sees reuse through it. */
    public int contextsCreated() {
        return pool.contextsCreated();
    }

    @Override
    @PreDestroy
    public void close() {
        pool.close();
    }

    private static void throwIfAny(String programId, List<Violation> problems) {
        if (!problems.isEmpty()) {
            throw new ScriptFailed(ScriptFailed.SCRIPT_ERROR,
                    "Expressions of " + programId + " do not compile: " + problems.get(0).message(), problems);
        }
    }

    private static String cleanSyntaxMessage(String message, int lines) {
        String line = Boundary.firstLine(message == null ? "syntax error" : message);
        Matcher m = POSITION.matcher(line);
        if (m.matches()) {
            int exprLine = Math.max(1, Integer.parseInt(m.group(1)) - 1);
            if (exprLine > lines) {
                return "unexpected end of the expression: " + m.group(3);
            }
            return "line " + exprLine + ", column " + m.group(2) + ": " + m.group(3);
        }
        return line;
    }
}
