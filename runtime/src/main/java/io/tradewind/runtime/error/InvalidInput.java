package io.tradewind.runtime.error;

import java.util.List;

/**
 * The request itself is wrong: malformed, of the wrong shape, or breaking a field's or form's rules
 * (400/422).
 */
public class InvalidInput extends TradewindException {
    private final int status;

    public InvalidInput(String code, String message, List<Violation> violations) {
        this(400, code, message, violations);
    }

    public InvalidInput(int status, String code, String message, List<Violation> violations) {
        super(code, message, violations);
        this.status = status;
    }

    public static InvalidInput of(String pointer, String code, String message) {
        return new InvalidInput(code, message, List.of(new Violation(pointer, code, message)));
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String title() {
        if (status != 422) {
            return "The request is not valid";
        }
        return code().startsWith("RECORD_") || code().startsWith("SEED_")
                ? "The record breaks the form's rules"
                : "The request breaks a rule";
    }
}
