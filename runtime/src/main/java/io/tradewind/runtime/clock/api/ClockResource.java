package io.tradewind.runtime.clock.api;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.security.identity.SecurityIdentity;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.AccessDenied;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.security.CurrentUser;
import io.tradewind.runtime.tenant.Tenants;
import io.tradewind.runtime.web.JsonBodies;

/**
 * The test clock: shifts the runtime's time forward so timers and reminders can be tested
 * deterministically. It exists only with {@code TRADEWIND_CLOCK_CONTROL=true}; otherwise, and
 * always in production, it answers 404 as if it did not exist.
 */
@io.quarkus.security.Authenticated
@Path("/api/admin/clock")
@Produces(MediaType.APPLICATION_JSON)
public class ClockResource {
    @Inject
    TradewindClock clock;
    @Inject
    SecurityIdentity identity;
    @ConfigProperty(name = "tradewind.clock-control", defaultValue = "false")
    boolean enabled;
    @ConfigProperty(name = "tradewind.production", defaultValue = "false")
    boolean production;

    @GET
    public Map<String, String> get() {
        check();
        return body();
    }

    /** Body {@code {"offset": "P3D"}} (ISO-8601 period or duration, not negative). */
    @PUT
    public Map<String, String> set(byte[] raw) {
        check();
        systemAdmin();
        com.fasterxml.jackson.databind.node.ObjectNode req = JsonBodies.object(raw);
        req.fieldNames().forEachRemaining(name -> {
            if (!name.equals("offset")) {
                throw InvalidInput.of("/" + JsonBodies.escape(name), "UNKNOWN_PROPERTY", "Unknown property '"
                        + (name.length() > 40 ? name.substring(0, 40) : name) + "': send only offset.");
            }
        });
        JsonNode offset = req.get("offset");
        if (offset == null || !offset.isTextual()) {
            throw invalid("CLOCK_OFFSET_INVALID", "Give the offset as an ISO-8601 duration such as \"P3D\".");
        }
        Duration d = parse(offset.textValue());
        if (d.isNegative()) {
            throw invalid("CLOCK_OFFSET_INVALID", "The clock only moves forward; the offset cannot be negative.");
        }
        clock.setOffset(d);
        return body();
    }

    private Map<String, String> body() {
        return Map.of("offset", clock.offset().toString(), "now", clock.instant().toString());
    }

    private static Duration parse(String s) {
        try {
            if (s.contains("T")) {
                return Duration.parse(s);
            }
            Period p = Period.parse(s);
            if (p.getYears() != 0 || p.getMonths() != 0) {
                throw invalid("CLOCK_OFFSET_INVALID", "Use days, hours, minutes or seconds, e.g. \"P3D\" or \"PT2H\".");
            }
            return Duration.ofDays(p.getDays());
        } catch (DateTimeParseException e) {
            throw invalid("CLOCK_OFFSET_INVALID", "'" + (s.length() > 40 ? s.substring(0, 40) : s)
                    + "' is not an ISO-8601 duration such as \"P3D\".");
        }
    }

    private static InvalidInput invalid(String code, String message) {
        return new InvalidInput(code, message, List.of(new Violation("/offset", code, message)));
    }

    /** The clock is one for all tenants: only the system tenant's admins move it. */
    private void systemAdmin() {
        if (!Tenants.SYSTEM.equals(CurrentUser.of(identity).tenantId())) {
            throw new AccessDenied("SYSTEM_ADMIN_ONLY", "Only administrators of the tenant '" + Tenants.SYSTEM
                    + "' may move the clock: it is the same for every tenant.");
        }
    }

    private void check() {
        if (!enabled || production) {
            throw new NotFound("NOT_FOUND", "There is no such endpoint.");
        }
        CurrentUser.admin(identity, "move the clock");
    }
}
