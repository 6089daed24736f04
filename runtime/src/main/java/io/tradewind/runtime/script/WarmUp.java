package io.tradewind.runtime.script;

import java.util.List;

import org.graalvm.polyglot.Source;

/** The program the pool runs once, untimed, to warm the engine up. */
final class WarmUp {

    private static final List<Formula> TOP = List.of(new Formula("total", "sum(lines, l => l.amount)", "decimal", 2),
            new Formula("n", "count(lines, l => l.qty > 1) + round(avg(lines, l => l.qty), 1)", "decimal", 1),
            new Formula("due", "addDays(coalesce(start, today()), daysBetween(start, '2026-02-01'))", "date", 0),
            new Formula("flag", "isEmpty(lines) || changed('a') || maxOf(1, 2) > minOf([3])", "boolean", 0),
            new Formula("label", "name + ' ' + now()", "text", 0), new Formula("i", "qty", "integer", 0));

    static final Source FORMULAS = Source.newBuilder("js",
            ProgramSource.formulas(TOP, List.of(new SubtableFormulas("lines",
                    List.of(new Formula("amount", "qty * unitPrice", "decimal", 2))))),
            "warm-up-formulas.js").buildLiteral();

    static final Source RULES = Source.newBuilder("js",
            ProgramSource.rules(List.of(new Rule("r", "total <= 0 && !changed('a')", java.util.Map.of(), List.of()))),
            "warm-up-rules.js").buildLiteral();

    static final String INPUT = "{\"start\":\"2026-01-01\",\"name\":\"x\",\"qty\":2.5,\"lines\":"
            + "[{\"qty\":3,\"unitPrice\":19.99},{\"qty\":1,\"unitPrice\":0.1}]}";

    private WarmUp() {
    }
}
