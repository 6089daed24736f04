package io.tradewind.runtime.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import io.tradewind.model.form.ExpressionReferences;
import io.tradewind.model.form.ExpressionScope;

/**
 * Writes the JavaScript of a program: one strict function per expression whose parameters are the
 * expression's free identifiers (bound from the record or row, {@code null} when absent), so an
 * expression sees its fields, the library and the allowed globals, and nothing of the driver.
 */
final class ProgramSource {

    /** Names that cannot be parameters of a strict function. */
    private static final Set<String> NOT_PARAMETERS = Set.of("break", "case", "catch", "class", "const", "continue",
            "debugger", "default", "delete", "do", "else", "export", "extends", "finally", "for", "function", "if",
            "import", "in", "instanceof", "new", "return", "super", "switch", "this", "throw", "try", "typeof", "var",
            "void", "while", "with", "yield", "let", "static", "enum", "await", "implements", "package", "protected",
            "interface", "private", "public", "true", "false", "null", "eval", "arguments", "of", "async");

    private ProgramSource() {
    }

    /**
     * {@code {subs: [[key, [formula...]]...], top: [formula...]}}; a formula is [key, type, scale, fn,
     * names].
     */
    static String formulas(List<Formula> top, List<SubtableFormulas> subtables) {
        var sb = new StringBuilder("(function () { 'use strict'; return { subs: [");
        for (SubtableFormulas s : subtables) {
            sb.append('[').append(quote(s.key())).append(", [");
            s.rowFormulas().forEach(f -> formula(sb, f));
            sb.append("]],\n");
        }
        sb.append("], top: [");
        top.forEach(f -> formula(sb, f));
        return sb.append("] }; })()").toString();
    }

    /** {@code [[fn, names]...]}, one per rule in order. */
    static String rules(List<Rule> rules) {
        var sb = new StringBuilder("(function () { 'use strict'; return [");
        for (Rule r : rules) {
            var names = parameters(r.when());
            sb.append('[');
            function(sb, names, r.when());
            sb.append(", ").append(names(names)).append("],\n");
        }
        return sb.append("]; })()").toString();
    }

    /** {@code [[fn, names]...]}, one per expression in order. */
    static String values(List<String> expressions) {
        var sb = new StringBuilder("(function () { 'use strict'; return [");
        for (String e : expressions) {
            var names = parameters(e);
            sb.append('[');
            function(sb, names, e);
            sb.append(", ").append(names(names)).append("],\n");
        }
        return sb.append("]; })()").toString();
    }

    /** The expression alone in a function, for a syntax check. */
    static String single(String expr) {
        return "(function () { 'use strict'; return (\n" + expr + "\n); })";
    }

    private static void formula(StringBuilder sb, Formula f) {
        var names = parameters(f.expr());
        sb.append('[').append(quote(f.key())).append(", ").append(quote(f.resultType())).append(", ")
                .append(f.scale()).append(", ");
        function(sb, names, f.expr());
        sb.append(", ").append(names(names)).append("],\n");
    }

    private static void function(StringBuilder sb, List<String> names, String expr) {
        sb.append("function (").append(String.join(", ", names)).append(") { return (\n").append(expr)
                .append("\n); }");
    }

    private static String names(List<String> names) {
        var sb = new StringBuilder("[");
        names.forEach(n -> sb.append(quote(n)).append(','));
        return sb.append(']').toString();
    }

    /** The free identifiers that are not library functions, allowed globals or reserved words. */
    static List<String> parameters(String expr) {
        var out = new ArrayList<String>();
        for (String name : ExpressionReferences.freeIdentifiers(expr)) {
            if (!ExpressionScope.isBuiltIn(name) && !NOT_PARAMETERS.contains(name) && isIdentifier(name)) {
                out.add(name);
            }
        }
        return out;
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || !(Character.isUnicodeIdentifierStart(s.codePointAt(0)) || s.charAt(0) == '$'
                || s.charAt(0) == '_')) {
            return false;
        }
        return s.codePoints().allMatch(c -> Character.isUnicodeIdentifierPart(c) || c == '$')
                && s.codePoints().noneMatch(Character::isIdentifierIgnorable);
    }

    static String quote(String s) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }
}
