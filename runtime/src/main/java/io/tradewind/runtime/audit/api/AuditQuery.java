package io.tradewind.runtime.audit.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;

import io.tradewind.runtime.error.InvalidInput;

/**
 * A validated audit log query: a time window ({@code from} inclusive, {@code to} exclusive), an
 * actor (name or id), an action or action prefix ending in {@code .}, a page size and a keyset
 * cursor.
 *
 * @param from
 *            earliest entry time, or null
 * @param to
 *            entries before this time, or null
 * @param actor
 *            the actor's name or id, or null
 * @param action
 *            an exact action, or a prefix when it ends with a dot; null for all
 * @param limit
 *            page size, 1 to {@link #MAX_LIMIT}
 * @param beforeSeq
 *            only entries older than this sequence number (from the cursor), or null
 */
public record AuditQuery(Instant from, Instant to, String actor, String action, int limit, Long beforeSeq) {
    /** Largest page. */
    public static final int MAX_LIMIT = 500;
    /** Page size when none is given. */
    public static final int DEFAULT_LIMIT = 50;
    private static final Pattern ACTION = Pattern.compile("[a-z0-9][a-z0-9.-]{0,99}");
    private static final Pattern CURSOR = Pattern.compile("s[0-9]{1,18}");

    /** Parses the raw query parameters; every problem is a 400 pointing at its parameter. */
    public static AuditQuery parse(String from, String to, String actor, String action, String limit,
            String cursor) {
        Instant f = time("from", from);
        Instant t = time("to", to);
        if (f != null && t != null && !f.isBefore(t)) {
            throw InvalidInput.of("/to", "RANGE_EMPTY", "'to' must be after 'from'.");
        }
        String a = blank(actor) ? null : actor;
        if (a != null && a.length() > 200) {
            throw InvalidInput.of("/actor", "TOO_LONG", "'actor' is longer than 200 characters.");
        }
        String act = blank(action) ? null : action;
        if (act != null && !ACTION.matcher(act).matches()) {
            throw InvalidInput.of("/action", "ACTION_INVALID", "'action' is an action such as \"auth.sign-in\" or a"
                    + " prefix ending in a dot such as \"auth.\".");
        }
        return new AuditQuery(f, t, a, act, limit(limit), cursor(cursor));
    }

    /** True when {@link #action} is a prefix. */
    public boolean actionIsPrefix() {
        return action != null && action.endsWith(".");
    }

    /** The cursor that continues after the entry with sequence number {@code seq}. */
    public static String cursorAfter(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("s" + seq).getBytes(StandardCharsets.UTF_8));
    }

    private static Instant time(String name, String value) {
        if (blank(value)) {
            return null;
        }
        try {
            if (value.length() <= 40) {
                Instant i = OffsetDateTime.parse(value).toInstant();
                if (i.isAfter(Instant.parse("0001-01-01T00:00:00Z"))
                        && i.isBefore(Instant.parse("9999-12-31T00:00:00Z"))) {
                    return i;
                }
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw InvalidInput.of("/" + name, "DATE_INVALID", "'" + name + "' must be an ISO-8601 date-time with an"
                + " offset, e.g. \"2026-12-01T00:00:00Z\".");
    }

    private static int limit(String value) {
        if (blank(value)) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = value.length() > 6 ? -1 : Integer.parseInt(value);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw InvalidInput.of("/limit", "LIMIT_INVALID", "'limit' is a whole number from 1 to " + MAX_LIMIT + ".");
    }

    private static Long cursor(String value) {
        if (blank(value)) {
            return null;
        }
        try {
            if (value.length() <= 40) {
                String s = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
                if (CURSOR.matcher(s).matches()) {
                    return Long.parseLong(s.substring(1));
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw InvalidInput.of("/cursor", "CURSOR_INVALID", "The cursor is not valid; use the nextCursor of the"
                + " previous page.");
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }
}
