package io.tradewind.runtime.error;

import java.util.List;

/**
 * Root of every error Tradewind reports to a caller. Each subclass has a stable {@link #code()} and
 * maps to exactly one HTTP status; the web layer renders it as {@code application/problem+json}.
 */
public abstract class TradewindException extends RuntimeException {
    private final String code;
    private final List<Violation> violations;

    protected TradewindException(String code, String message, List<Violation> violations) {
        super(message);
        this.code = code;
        this.violations = List.copyOf(violations);
    }

    protected TradewindException(String code, String message) {
        this(code, message, List.of());
    }

    /** Stable, documented error code, e.g. {@code RECORD_NOT_FOUND}. */
    public String code() {
        return code;
    }

    /** The HTTP status this error is answered with. */
    public abstract int status();

    /** Short human title for the problem document. */
    public abstract String title();

    /** The individual problems, each pointing at its culprit; may be empty. */
    public List<Violation> violations() {
        return violations;
    }

    /** One problem inside a request, located by an RFC 6901 JSON Pointer into the request. */
    public record Violation(String pointer, String code, String message) {
    }
}
