package io.tradewind.runtime.error;

/** The addressed thing does not exist for the caller (also answered for another tenant's ids). */
public class NotFound extends TradewindException {
    public NotFound(String code, String message) {
        super(code, message);
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String title() {
        return "Not found";
    }
}
