package io.tradewind.runtime.security.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.security.ApiKeys;
import io.tradewind.runtime.security.CurrentUser;
import io.tradewind.runtime.security.TradewindPrincipal;
import io.tradewind.runtime.web.JsonBodies;
import io.vertx.core.http.HttpServerRequest;

/**
 * Administration of API keys: create (the secret is answered once), list, read and revoke. Admins
 * only; everything is scoped to the caller's tenant.
 */
@io.quarkus.security.Authenticated
@Path("/api/admin/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ApiKeyResource {
    private static final int MAX_ROLES = 50;

    @Inject
    SecurityIdentity identity;
    @Inject
    ApiKeys keys;
    @Inject
    TradewindClock clock;

    /**
     * {@code {name, roles: [...], expiresAt?}} → 201 with the key's fields and {@code key}, the secret.
     */
    @POST
    public Uni<Response> create(byte[] body, @Context HttpServerRequest request) {
        TradewindPrincipal caller = admin();
        ObjectNode req = JsonBodies.object(body);
        req.fieldNames().forEachRemaining(name -> {
            if (!Set.of("name", "roles", "expiresAt").contains(name)) {
                throw InvalidInput.of("/" + JsonBodies.escape(name), "UNKNOWN_PROPERTY", "Unknown property '" + name
                        + "': send name, roles and optionally expiresAt.");
            }
        });
        String name = name(req.get("name"));
        List<String> roles = roles(req.get("roles"));
        Instant expiresAt = expiresAt(req.get("expiresAt"));
        return keys.create(caller, name, roles, expiresAt, AuthResource.sourceIp(request)).map(created -> {
            Map<String, Object> m = created.key().toJson();
            m.put("key", created.secret());
            return Response.status(201).entity(m).build();
        });
    }

    /** The tenant's keys, newest first, without secrets. */
    @GET
    public Uni<Map<String, Object>> list() {
        TradewindPrincipal caller = admin();
        return keys.list(caller).map(list -> {
            List<Map<String, Object>> items = new ArrayList<>();
            list.forEach(k -> items.add(k.toJson()));
            return Map.of("items", items);
        });
    }

    /** One key, without its secret. */
    @GET
    @Path("/{id}")
    public Uni<Map<String, Object>> get(@PathParam("id") String id) {
        TradewindPrincipal caller = admin();
        return keys.get(caller, uuid(id)).map(ApiKeys.ApiKey::toJson);
    }

    /** Revokes a key: it stops working on the next request. */
    @DELETE
    @Path("/{id}")
    public Uni<Map<String, Object>> revoke(@PathParam("id") String id, @Context HttpServerRequest request) {
        TradewindPrincipal caller = admin();
        return keys.revoke(caller, uuid(id), AuthResource.sourceIp(request)).map(ApiKeys.ApiKey::toJson);
    }

    private TradewindPrincipal admin() {
        return CurrentUser.admin(identity, "manage API keys");
    }

    private static UUID uuid(String id) {
        try {
            if (id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new NotFound("API_KEY_NOT_FOUND", "There is no API key with this id.");
    }

    private static String name(JsonNode v) {
        if (v == null || v.isNull()) {
            throw InvalidInput.of("/name", "REQUIRED", "'name' is required.");
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw InvalidInput.of("/name", "WRONG_TYPE", "'name' must be a non-empty string.");
        }
        if (v.textValue().length() > 200) {
            throw InvalidInput.of("/name", "TOO_LONG", "'name' is longer than 200 characters.");
        }
        return v.textValue().strip();
    }

    private static List<String> roles(JsonNode v) {
        if (v == null || v.isNull()) {
            throw InvalidInput.of("/roles", "REQUIRED", "'roles' is required: a list of role keys, e.g. [\"sales\"].");
        }
        if (!v.isArray()) {
            throw InvalidInput.of("/roles", "WRONG_TYPE", "'roles' must be a list of role keys.");
        }
        if (v.size() > MAX_ROLES) {
            throw InvalidInput.of("/roles", "TOO_MANY", "A key may have at most " + MAX_ROLES + " roles.");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode r = v.get(i);
            if (!r.isTextual() || r.textValue().isBlank() || r.textValue().length() > 63) {
                throw InvalidInput.of("/roles/" + i, "WRONG_TYPE", "Each role must be a role key (a short string).");
            }
            if (out.contains(r.textValue())) {
                throw InvalidInput.of("/roles/" + i, "DUPLICATE", "The role '" + r.textValue() + "' is listed twice.");
            }
            out.add(r.textValue());
        }
        return out;
    }

    private Instant expiresAt(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw InvalidInput.of("/expiresAt", "WRONG_TYPE", "'expiresAt' must be an ISO-8601 date-time with an"
                    + " offset, e.g. \"2027-01-31T00:00:00Z\".");
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(v.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            throw InvalidInput.of("/expiresAt", "DATE_INVALID", "'expiresAt' must be an ISO-8601 date-time with an"
                    + " offset, e.g. \"2027-01-31T00:00:00Z\".");
        }
        if (!at.isAfter(clock.instant())) {
            String msg = "'expiresAt' must be in the future.";
            throw new InvalidInput(422, "EXPIRY_IN_PAST", msg, List.of(new Violation("/expiresAt", "EXPIRY_IN_PAST",
                    msg)));
        }
        if (at.isAfter(Instant.parse("9999-12-31T00:00:00Z"))) {
            throw InvalidInput.of("/expiresAt", "DATE_INVALID", "'expiresAt' is too far in the future.");
        }
        return at;
    }
}
