package io.tradewind.runtime.report.schedule;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tradewind.runtime.org.Body;
import io.tradewind.runtime.org.Ids;
import io.tradewind.runtime.web.JsonBodies;

/**
 * A schedule request body, read strictly: every problem is gathered with its JSON Pointer before
 * anything is looked up. Members that are absent are null (a PATCH keeps the stored value).
 *
 * <pre>
 * {"name": "Monday funnel", "report": "sales-funnel" | "dashboard": "sales", "cron": "0 8 * * 1",
 *  "timeZone": "Europe/Berlin", "recipients": {"users": [id…], "roles": [key…]},
 *  "parameters": {"from": "-P90D"}, "enabled": true}
 * </pre>
 */
final class ScheduleInput {
    /** Most users named in a schedule. */
    static final int MAX_USERS = 100;
    /** Most roles named in a schedule. */
    static final int MAX_ROLES = 20;
    /** Most parameter values in a schedule. */
    static final int MAX_PARAMETERS = 20;
    private static final Set<String> MEMBERS = new LinkedHashSet<>(List.of("name", "report", "dashboard", "cron",
            "timeZone", "recipients", "parameters", "enabled"));
    private static final Pattern KEY = Pattern.compile("[a-z][a-zA-Z0-9_-]{0,62}");
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    final Body body;
    final String name;
    /** {@code report} or {@code dashboard}, or null when the body names neither. */
    final String kind;
    final String target;
    final Cron cron;
    final boolean hasTimeZone;
    final String timeZone;
    final boolean hasRecipients;
    final List<UUID> users;
    final List<String> roles;
    /** The parameter values as query values, or null when absent. */
    final Map<String, List<String>> parameters;
    final Boolean enabled;

    private ScheduleInput(Body body, String name, String kind, String target, Cron cron, boolean hasTimeZone,
            String timeZone, boolean hasRecipients, List<UUID> users, List<String> roles,
            Map<String, List<String>> parameters, Boolean enabled) {
        this.body = body;
        this.name = name;
        this.kind = kind;
        this.target = target;
        this.cron = cron;
        this.hasTimeZone = hasTimeZone;
        this.timeZone = timeZone;
        this.hasRecipients = hasRecipients;
        this.users = users;
        this.roles = roles;
        this.parameters = parameters;
        this.enabled = enabled;
    }

    /**
     * Reads a body; {@code create} makes name, target, cron and recipients required. Problems are
     * gathered in {@link #body}; the caller adds its own and then checks.
     */
    static ScheduleInput read(byte[] bytes, boolean create) {
        Body b = Body.parse(bytes, MEMBERS);
        ObjectNode node = JsonBodies.object(bytes);
        String name = b.text("name", 200, create);
        String report = b.text("report", 63, false);
        String dashboard = b.text("dashboard", 63, false);
        String kind = null;
        String target = null;
        if (report != null && dashboard != null) {
            b.problem("/dashboard", "TARGET_AMBIGUOUS", "Give either 'report' or 'dashboard', not both.");
        } else if (report != null || dashboard != null) {
            kind = report != null ? "report" : "dashboard";
            target = report != null ? report : dashboard;
            if (!KEY.matcher(target).matches()) {
                b.problem("/" + kind, kind.equals("report") ? "REPORT_NOT_FOUND" : "DASHBOARD_NOT_FOUND", "There is"
                        + " no " + kind + " with this key.");
            }
        } else if (create) {
            b.problem("/report", "REQUIRED", "Give the 'report' or the 'dashboard' to send.");
        }
        Cron cron = null;
        String expression = b.text("cron", Cron.MAX_LENGTH, create);
        if (expression != null) {
            try {
                cron = Cron.parse(expression);
            } catch (Cron.Invalid e) {
                b.problem("/cron", e.code(), e.getMessage());
            }
        }
        String zone = b.text("timeZone", 60, false);
        if (zone != null) {
            try {
                zone = ZoneId.of(zone).getId();
            } catch (DateTimeException e) {
                b.problem("/timeZone", "TIME_ZONE_UNKNOWN", "Not a time zone; use an IANA name such as Europe/Berlin"
                        + " or Asia/Shanghai, or null for the tenant's.");
                zone = null;
            }
        }
        boolean hasRecipients = node.has("recipients");
        List<UUID> users = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        if (hasRecipients || create) {
            recipients(b, node.get("recipients"), users, roles);
        }
        Map<String, List<String>> parameters = node.has("parameters") ? parameters(b, node.get("parameters")) : null;
        Boolean enabled = b.bool("enabled");
        if (node.has("enabled") && node.get("enabled").isNull()) {
            b.problem("/enabled", "WRONG_TYPE", "'enabled' must be true or false.");
        }
        return new ScheduleInput(b, name, kind, target, cron, node.has("timeZone"), zone, hasRecipients, users,
                roles, parameters, enabled);
    }

    private static void recipients(Body b, JsonNode node, List<UUID> users, List<String> roles) {
        if (node == null || node.isNull()) {
            b.problem("/recipients", "REQUIRED", "'recipients' names users and roles: {\"users\": [ids],"
                    + " \"roles\": [keys]}.");
            return;
        }
        if (!node.isObject()) {
            b.problem("/recipients", "WRONG_TYPE", "'recipients' must be an object {\"users\": [ids], \"roles\":"
                    + " [keys]}.");
            return;
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!name.equals("users") && !name.equals("roles")) {
                b.problem("/recipients/" + JsonBodies.escape(name), "UNKNOWN_PROPERTY", "Unknown property; allowed"
                        + " are users, roles.");
            }
        });
        JsonNode u = node.get("users");
        if (u != null && !u.isNull()) {
            if (!u.isArray()) {
                b.problem("/recipients/users", "WRONG_TYPE", "'users' must be an array of user ids.");
            } else if (u.size() > MAX_USERS) {
                b.problem("/recipients/users", "TOO_MANY", "A schedule names at most " + MAX_USERS + " users; use"
                        + " a role for more.");
            } else {
                for (int i = 0; i < u.size(); i++) {
                    UUID id = u.get(i).isTextual() ? Ids.parse(u.get(i).textValue()) : null;
                    if (id == null) {
                        b.problem("/recipients/users/" + i, "NOT_AN_ID", "A user id in UUID form.");
                    } else {
                        users.add(id);
                    }
                }
            }
        }
        JsonNode r = node.get("roles");
        if (r != null && !r.isNull()) {
            if (!r.isArray()) {
                b.problem("/recipients/roles", "WRONG_TYPE", "'roles' must be an array of role keys.");
            } else if (r.size() > MAX_ROLES) {
                b.problem("/recipients/roles", "TOO_MANY", "A schedule names at most " + MAX_ROLES + " roles.");
            } else {
                for (int i = 0; i < r.size(); i++) {
                    if (!r.get(i).isTextual()) {
                        b.problem("/recipients/roles/" + i, "WRONG_TYPE", "A role key.");
                    } else if (!ROLE.matcher(r.get(i).textValue()).matches()) {
                        b.problem("/recipients/roles/" + i, "ROLE_NOT_FOUND", "There is no role with this key.");
                    } else {
                        roles.add(r.get(i).textValue());
                    }
                }
            }
        }
        if (users.isEmpty() && roles.isEmpty() && !b.failed()) {
            b.problem("/recipients", "RECIPIENTS_EMPTY", "Name at least one user or role to send to.");
        }
    }

    private static Map<String, List<String>> parameters(Body b, JsonNode node) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            b.problem("/parameters", "WRONG_TYPE", "'parameters' must be an object of parameter values.");
            return out;
        }
        if (node.size() > MAX_PARAMETERS) {
            b.problem("/parameters", "TOO_MANY", "At most " + MAX_PARAMETERS + " parameter values.");
            return out;
        }
        node.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            String pointer = "/parameters/" + JsonBodies.escape(e.getKey());
            if (v.isNull()) {
                return;
            }
            if (v.isTextual() || v.isNumber()) {
                String s = v.isTextual() ? v.textValue() : v.decimalValue().toPlainString();
                if (s.length() > 200) {
                    b.problem(pointer, "PARAMETER_INVALID", "The value is too long.");
                } else {
                    out.put(e.getKey(), List.of(s));
                }
            } else {
                b.problem(pointer, "WRONG_TYPE", "A parameter value is a string or a number.");
            }
        });
        return out;
    }
}
