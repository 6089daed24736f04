package io.tradewind.runtime.error;

/** Signed in, but not allowed to do this (403). */
public class AccessDenied extends TradewindException {
    public AccessDenied(String code, String message) {
        super(code, message);
    }

    public AccessDenied(String code, String message, java.util.List<Violation> violations) {
        super(code, message, violations);
    }

    @Override
    public int status() {
        return 403;
    }

    @Override
    public String title() {
        return "Not allowed";
    }
}
