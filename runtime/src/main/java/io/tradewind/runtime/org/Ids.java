package io.tradewind.runtime.org;

import java.util.UUID;
import java.util.regex.Pattern;

/** Parsing of ids from paths and bodies: only the canonical 36-character UUID form is accepted. */
public final class Ids {
    private static final Pattern UUID_FORM = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {
    }

    /** The UUID, or null when {@code s} is not one. */
    public static UUID parse(String s) {
        return s != null && UUID_FORM.matcher(s).matches() ? UUID.fromString(s) : null;
    }
}
