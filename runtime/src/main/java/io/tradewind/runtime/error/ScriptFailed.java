package io.tradewind.runtime.error;

import java.util.List;

/**
 * A formula, rule or script failed: it threw, exceeded a limit, or returned an unusable value. The
 * operation that ran it fails as a whole and changes nothing.
 */
public class ScriptFailed extends TradewindException {
    /** The script threw an error or could not be compiled. */
    public static final String SCRIPT_ERROR = "SCRIPT_ERROR";
    /** The script ran longer than its CPU-time or statement budget. */
    public static final String SCRIPT_LIMIT = "SCRIPT_LIMIT";

    public ScriptFailed(String code, String message, List<Violation> violations) {
        super(code, message, violations);
    }

    public ScriptFailed(String code, String message) {
        super(code, message);
    }

    @Override
    public int status() {
        return 422;
    }

    @Override
    public String title() {
        return "A formula or script failed";
    }
}
