package io.tradewind.runtime.error;

/**
 * The caller's {@code If-Match} version is not the record's current version (412); nothing was
 * written.
 */
public class VersionConflict extends TradewindException {
    public static final String CODE = "VERSION_CONFLICT";

    public VersionConflict(String message) {
        super(CODE, message);
    }

    @Override
    public int status() {
        return 412;
    }

    @Override
    public String title() {
        return "The record has changed since you read it";
    }
}
