package io.tradewind.runtime.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.TradewindException.Violation;

/**
 * Reads the members of a small JSON request body (admin APIs) with every problem gathered, each
 * with its JSON Pointer: unknown members, missing ones, wrong types, lengths. Call {@link #done()}
 * after reading to throw them all as one 422.
 */
public final class BodyFields {
    private final ObjectNode node;
    private final List<Violation> problems = new ArrayList<>();

    private BodyFields(ObjectNode node) {
        this.node = node;
    }

    /** Parses {@code body} as a JSON object whose members must all be among {@code allowed}. */
    public static BodyFields of(byte[] body, Set<String> allowed) {
        BodyFields f = new BodyFields(JsonBodies.object(body));
        f.node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                f.problems.add(new Violation("/" + JsonBodies.escape(name), "UNKNOWN_PROPERTY", "Unknown property '"
                        + (name.length() > 60 ? name.substring(0, 60) + "…" : name) + "'; expected one of "
                        + new java.util.TreeSet<>(allowed) + "."));
            }
        });
        return f;
    }

    /** True when the body has the member (even if null). */
    public boolean has(String name) {
        return node.has(name);
    }

    /** A string member of 1 to {@code maxLength} characters; null when absent and not required. */
    public String text(String name, boolean required, int maxLength) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(new Violation("/" + name, "REQUIRED", "'" + name + "' is required."));
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            problems.add(new Violation("/" + name, "WRONG_TYPE", "'" + name + "' must be a non-empty string."));
            return null;
        }
        if (v.textValue().length() > maxLength) {
            problems.add(new Violation("/" + name, "TOO_LONG", "'" + name + "' is longer than " + maxLength
                    + " characters."));
            return null;
        }
        return v.textValue();
    }

    /** A boolean member; null when absent. */
    public Boolean bool(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            problems.add(new Violation("/" + name, "WRONG_TYPE", "'" + name + "' must be true or false."));
            return null;
        }
        return v.booleanValue();
    }

    /** Records a problem found by the caller's own checks. */
    public void problem(String pointer, String code, String message) {
        problems.add(new Violation(pointer, code, message));
    }

    /** Throws every problem found so far as one 422 {@code BODY_INVALID}. */
    public void done() {
        if (!problems.isEmpty()) {
            throw new InvalidInput(422, "BODY_INVALID", problems.size() == 1
                    ? problems.get(0).message()
                    : problems.size() + " problems in the request body; see errors.", List.copyOf(problems));
        }
    }
}
