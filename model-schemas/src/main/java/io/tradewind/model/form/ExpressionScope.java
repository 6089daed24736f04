package io.tradewind.model.form;

import java.util.Set;

/**
 * The names an expression may use besides the fields of its scope. Shared by the definition
 * validator (an identifier that is neither a field nor one of these is {@code EXPR_UNKNOWN_FIELD})
 * and the runtime's script engine (which defines exactly these).
 * <p>
 * Scopes: a top-level formula or rule sees the form's top-level fields (a subtable is an array of
 * row objects whose row formulas are already computed); a formula inside a subtable sees the fields
 * of its own row only. Dates are ISO strings ({@code "2026-11-23"}), datetimes ISO instants, money
 * {@code {amount, currency}}, absent values {@code null}.
 */
public final class ExpressionScope {

    /**
     * The standard library: {@code today()}, {@code now()} (from the runtime clock),
     * {@code sum(rows, row => value)} / {@code sum(numbers)}, {@code avg}, {@code minOf},
     * {@code maxOf}, {@code count(rows[, predicate])}, {@code round(x[, digits])} (half up),
     * {@code daysBetween(date1, date2)}, {@code addDays(date, n)}, {@code isEmpty(v)},
     * {@code coalesce(a, b, ...)}, {@code changed('field')} (true on create for set fields, and on
     * update for fields whose value the request changes).
     */
    public static final Set<String> FUNCTIONS = Set.of("today", "now", "sum", "avg", "minOf", "maxOf", "count",
            "round", "daysBetween", "addDays", "isEmpty", "coalesce", "changed");

    /**
     * JavaScript globals expressions may use. {@code Date} is not among them: time comes from now().
     */
    public static final Set<String> GLOBALS = Set.of("Math", "Number", "String", "Boolean", "Array", "Object",
            "JSON", "parseInt", "parseFloat", "isNaN", "isFinite", "undefined", "NaN", "Infinity");

    private ExpressionScope() {
    }

    /** Whether a free identifier is provided by the engine rather than by a field. */
    public static boolean isBuiltIn(String name) {
        return FUNCTIONS.contains(name) || GLOBALS.contains(name);
    }
}
