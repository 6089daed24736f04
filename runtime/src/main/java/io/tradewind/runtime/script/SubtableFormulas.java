package io.tradewind.runtime.script;

import java.util.List;
import java.util.Objects;

/**
 * The row formulas of one subtable, in the order they are computed.
 *
 * @param key
 *            the subtable field
 * @param rowFormulas
 *            formulas over the fields of one row
 */
public record SubtableFormulas(String key, List<Formula> rowFormulas) {

    public SubtableFormulas {
        Objects.requireNonNull(key, "key");
        rowFormulas = List.copyOf(rowFormulas);
    }
}
