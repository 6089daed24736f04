package io.tradewind.runtime.script;

import java.util.Objects;
import java.util.Set;

/**
 * One formula field to compute.
 *
 * @param key
 *            the field it fills
 * @param expr
 *            the JavaScript expression
 * @param resultType
 *            {@code text}, {@code integer}, {@code decimal}, {@code boolean} or {@code date}
 * @param scale
 *            digits after the decimal point of a {@code decimal} result
 */
public record Formula(String key, String expr, String resultType, int scale) {

    static final Set<String> RESULT_TYPES = Set.of("text", "integer", "decimal", "boolean", "date");

    public Formula {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expr, "expr");
        if (!RESULT_TYPES.contains(resultType)) {
            throw new IllegalArgumentException("unknown result type " + resultType + " of formula " + key);
        }
        if (scale < 0 || scale > 15) {
            throw new IllegalArgumentException("scale of formula " + key + " must be 0..15");
        }
    }
}
