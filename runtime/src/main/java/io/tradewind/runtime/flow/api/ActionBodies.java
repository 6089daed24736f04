package io.tradewind.runtime.flow.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.flow.ActionBody;
import io.tradewind.runtime.web.JsonBodies;

/** Reads the bodies of flow actions: strict, every problem with its pointer. */
final class ActionBodies {
    static final int MAX_COMMENT = 2000;
    private static final Set<String> TASK_MEMBERS = Set.of("comment", "to", "returnTo", "data");

    private ActionBodies() {
    }

    /** {@code {comment?, to?, returnTo?, data?}}; an empty body is {@code {}}. */
    static ActionBody task(byte[] body) {
        ObjectNode o = body == null || body.length == 0
                ? JsonBodies.mapper().createObjectNode()
                : JsonBodies.object(
                        body);
        List<Violation> problems = new ArrayList<>();
        unknown(o, TASK_MEMBERS, problems);
        String comment = text(o, "comment", MAX_COMMENT, problems);
        String returnTo = text(o, "returnTo", 100, problems);
        List<UUID> to = new ArrayList<>();
        JsonNode t = o.get("to");
        if (t != null && !t.isNull()) {
            if (t.isTextual()) {
                user(t, "/to", to, problems);
            } else if (t.isArray() && t.size() <= 50) {
                for (int i = 0; i < t.size(); i++) {
                    user(t.get(i), "/to/" + i, to, problems);
                }
            } else {
                problems.add(new Violation("/to", "WRONG_TYPE", "'to' is a user id or a list of at most 50 user ids."));
            }
        }
        JsonNode d = o.get("data");
        ObjectNode data = null;
        if (d != null && !d.isNull()) {
            if (d instanceof ObjectNode od) {
                data = od;
            } else {
                problems.add(new Violation("/data", "WRONG_TYPE", "'data' is an object of field values."));
            }
        }
        throwIfAny(problems);
        return new ActionBody(comment, to, returnTo, data);
    }

    /** {@code {comment?}}; an empty body is {@code {}}. */
    static String comment(byte[] body) {
        ObjectNode o = body == null || body.length == 0
                ? JsonBodies.mapper().createObjectNode()
                : JsonBodies.object(
                        body);
        List<Violation> problems = new ArrayList<>();
        unknown(o, Set.of("comment"), problems);
        String comment = text(o, "comment", MAX_COMMENT, problems);
        throwIfAny(problems);
        return comment;
    }

    private static void user(JsonNode v, String pointer, List<UUID> out, List<Violation> problems) {
        UUID id = null;
        if (v.isTextual()) {
            try {
                id = UUID.fromString(v.textValue());
            } catch (IllegalArgumentException e) {
                id = null;
            }
        }
        if (id == null) {
            problems.add(new Violation(pointer, "WRONG_TYPE", "A user is given by their id."));
        } else {
            out.add(id);
        }
    }

    private static String text(ObjectNode o, String name, int max, List<Violation> problems) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            problems.add(new Violation("/" + name, "WRONG_TYPE", "'" + name + "' must be a string."));
            return null;
        }
        if (v.textValue().length() > max) {
            problems.add(new Violation("/" + name, "TOO_LONG", "'" + name + "' is longer than " + max
                    + " characters."));
            return null;
        }
        return v.textValue().isBlank() ? null : v.textValue();
    }

    /** Adds a problem for every member of {@code o} that is not among {@code allowed}. */
    static void unknown(ObjectNode o, Set<String> allowed, List<Violation> problems) {
        o.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                problems.add(new Violation("/" + JsonBodies.escape(k), "UNKNOWN_PROPERTY", "Unknown property '"
                        + (k.length() > 60 ? k.substring(0, 60) + "…" : k) + "'; expected one of "
                        + new java.util.TreeSet<>(allowed) + "."));
            }
        });
    }

    /** Throws the problems found as one 422 {@code BODY_INVALID}. */
    static void throwIfAny(List<Violation> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInput(422, "BODY_INVALID", problems.size() == 1
                    ? problems.get(0).message()
                    : problems.size() + " problems in the request body; see errors.", List.copyOf(problems));
        }
    }
}
