package io.tradewind.runtime.error;

/** No valid credentials: missing, wrong, expired or revoked (401). */
public class Unauthenticated extends TradewindException {
    public Unauthenticated(String code, String message) {
        super(code, message);
    }

    @Override
    public int status() {
        return 401;
    }

    @Override
    public String title() {
        return "Sign-in required";
    }
}
