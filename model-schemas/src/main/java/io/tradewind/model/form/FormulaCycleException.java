package io.tradewind.model.form;

import java.util.List;

/** Thrown by {@link FormulaOrder#order} when formulas depend on each other in a cycle. */
public final class FormulaCycleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The keys of the formulas in the cycle, in declaration order. */
    private final List<String> cycle;

    /** Creates the exception for the formulas of one cycle. */
    public FormulaCycleException(List<String> cycle) {
        super("formulas depend on each other in a cycle: " + String.join(", ", cycle));
        this.cycle = List.copyOf(cycle);
    }

    /** The keys of the formulas in the cycle, in declaration order. */
    public List<String> cycle() {
        return cycle;
    }
}
