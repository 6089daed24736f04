package io.tradewind.runtime.error;

import java.util.List;

/**
 * The request clashes with the current state: a unique value taken, a record still linked to (409).
 */
public class Conflict extends TradewindException {
    public Conflict(String code, String message, List<Violation> violations) {
        super(code, message, violations);
    }

    public Conflict(String code, String message) {
        super(code, message);
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String title() {
        return "Conflict with the current state";
    }
}
