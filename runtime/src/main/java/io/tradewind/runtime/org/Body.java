package io.tradewind.runtime.org;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.web.JsonBodies;

/**
 * A strictly read admin request body. Every problem is gathered as a violation with a JSON Pointer
 * (unknown properties, wrong types, missing or overlong values, control characters, ids that are
 * not UUIDs); {@link #check} then refuses the request with 422 if there is any.
 */
public final class Body {
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");
    private final ObjectNode node;
    private final List<Violation> problems = new ArrayList<>();

    private Body(ObjectNode node) {
        this.node = node;
    }

    /** Parses {@code bytes} as a JSON object whose properties must all be in {@code allowed}. */
    public static Body parse(byte[] bytes, Set<String> allowed) {
        Body b = new Body(JsonBodies.object(bytes));
        for (Iterator<String> it = b.node.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!allowed.contains(name)) {
                b.problem("/" + JsonBodies.escape(name), "UNKNOWN_PROPERTY", "Unknown property; allowed are "
                        + String.join(", ", allowed) + ".");
            }
        }
        return b;
    }

    /** True when the body names {@code key}, even with null. */
    public boolean has(String key) {
        return node.has(key);
    }

    /** Records a problem. */
    public void problem(String pointer, String code, String message) {
        problems.add(new Violation(pointer, code, message));
    }

    /**
     * A text value of at most {@code max} characters without control characters; null when absent or
     * null.
     */
    public String text(String key, int max, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                problem("/" + key, "REQUIRED", "'" + key + "' is required.");
            }
            return null;
        }
        if (!v.isTextual()) {
            problem("/" + key, "WRONG_TYPE", "'" + key + "' must be a string.");
            return null;
        }
        String s = v.textValue().strip();
        if (required && s.isEmpty()) {
            problem("/" + key, "REQUIRED", "'" + key + "' may not be empty.");
            return null;
        }
        if (s.length() > max) {
            problem("/" + key, "TOO_LONG", "'" + key + "' is limited to " + max + " characters.");
            return null;
        }
        if (CONTROL.matcher(s).find()) {
            problem("/" + key, "CONTROL_CHARACTER", "'" + key + "' may not contain control characters.");
            return null;
        }
        return s.isEmpty() ? null : s;
    }

    /** A raw string value (not stripped, any characters), for passwords; null when absent or null. */
    public String secret(String key, int max) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            problem("/" + key, "WRONG_TYPE", "'" + key + "' must be a string.");
            return null;
        }
        if (v.textValue().length() > max) {
            problem("/" + key, "TOO_LONG", "'" + key + "' is limited to " + max + " characters.");
            return null;
        }
        return v.textValue();
    }

    /** A UUID value; null when absent, null or malformed (then a problem is recorded). */
    public UUID uuid(String key) {
        return uuid(node.get(key), "/" + key, key);
    }

    /** A boolean value; null when absent (explicit null is a problem). */
    public Boolean bool(String key) {
        JsonNode v = node.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            problem("/" + key, "WRONG_TYPE", "'" + key + "' must be true or false.");
            return null;
        }
        return v.booleanValue();
    }

    /**
     * An array of strings in order (duplicates kept, so pointers stay right); null when absent or
     * wrong.
     */
    public List<String> strings(String key, int maxItems, int maxLength) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return v == null ? null : List.of();
        }
        if (!v.isArray() || v.size() > maxItems) {
            problem("/" + key, "WRONG_TYPE", "'" + key + "' must be an array of at most " + maxItems + " strings.");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isTextual() || item.textValue().length() > maxLength) {
                problem("/" + key + "/" + i, "WRONG_TYPE", "Each entry of '" + key + "' must be a string of at most "
                        + maxLength + " characters.");
            } else {
                out.add(item.textValue());
            }
        }
        return out;
    }

    /**
     * An array of UUIDs in order (duplicates kept, so pointers stay right); null when absent or wrong.
     */
    public List<UUID> uuids(String key, int maxItems) {
        JsonNode v = node.get(key);
        if (v == null || !v.isArray() || v.size() > maxItems) {
            problem("/" + key, v == null ? "REQUIRED" : "WRONG_TYPE", "'" + key + "' must be an array of at most "
                    + maxItems + " ids.");
            return null;
        }
        List<UUID> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(uuid(v.get(i), "/" + key + "/" + i, key));
        }
        return out;
    }

    private UUID uuid(JsonNode v, String pointer, String key) {
        if (v == null || v.isNull()) {
            return null;
        }
        UUID id = v.isTextual() ? Ids.parse(v.textValue()) : null;
        if (id == null) {
            problem(pointer, "NOT_AN_ID", "'" + key + "' must hold ids in UUID form.");
        }
        return id;
    }

    /**
     * Refuses the request (422) when any problem was recorded; the problem's code is the single
     * violation's code, else {@code code}.
     */
    public void check(String code, String what) {
        if (!problems.isEmpty()) {
            throw new InvalidInput(422, problems.size() == 1 ? problems.get(0).code() : code, problems.size() == 1
                    ? problems.get(0).message()
                    : "The " + what + " has " + problems.size() + " problems.", problems);
        }
    }

    /** True when a problem was recorded. */
    public boolean failed() {
        return !problems.isEmpty();
    }
}
