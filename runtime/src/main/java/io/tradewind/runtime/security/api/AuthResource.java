package io.tradewind.runtime.security.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.Unauthenticated;
import io.tradewind.runtime.security.Accounts;
import io.tradewind.runtime.security.CurrentUser;
import io.tradewind.runtime.security.TokenStore;
import io.tradewind.runtime.security.TradewindPrincipal;
import io.tradewind.runtime.web.JsonBodies;
import io.vertx.core.http.HttpServerRequest;

/** Sign-in with built-in accounts: tokens, refresh, sign-out and password change. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class AuthResource {
    @Inject
    Accounts accounts;
    @Inject
    SecurityIdentity identity;

    /** Exchanges {@code {username, password, tenant?}} for an access and a refresh token. */
    @POST
    @Path("/token")
    public Uni<Map<String, Object>> token(byte[] body, @Context HttpServerRequest request) {
        ObjectNode req = JsonBodies.object(body);
        onlyKnown(req, Set.of("username", "password", "tenant"), "send username, password and optionally tenant");
        String username = text(req, "username", 200);
        String password = text(req, "password", 1000);
        String tenant = req.has("tenant") ? text(req, "tenant", 40) : "default";
        return accounts.signIn(tenant, username, password, sourceIp(request)).map(issued -> {
            if (issued == null) {
                throw new Unauthenticated("BAD_CREDENTIALS", "The username or password is not correct.");
            }
            return body(issued);
        });
    }

    /**
     * Exchanges a refresh token for new tokens; the old refresh token stops working, and presenting it
     * again ends every session descended from the same sign-in.
     */
    @POST
    @Path("/refresh")
    public Uni<Map<String, Object>> refresh(byte[] body, @Context HttpServerRequest request) {
        ObjectNode req = JsonBodies.object(body);
        onlyKnown(req, Set.of("refresh_token"), "send refresh_token");
        String refresh = text(req, "refresh_token", 200);
        return accounts.refresh(refresh, sourceIp(request)).map(issued -> {
            if (issued == null) {
                throw new Unauthenticated("BAD_REFRESH_TOKEN", "The refresh token is not valid (expired, used or"
                        + " revoked); sign in again.");
            }
            return body(issued);
        });
    }

    /** Signs out: the access token stops working. */
    @POST
    @Path("/logout")
    @Authenticated
    public Uni<Map<String, Object>> logout(@HeaderParam("Authorization") String authorization,
            @Context HttpServerRequest request) {
        TradewindPrincipal caller = CurrentUser.of(identity);
        return accounts.signOut(caller, bearer(authorization), sourceIp(request)).map(ok -> Map.of("signedOut", ok));
    }

    /**
     * Changes the caller's password: {@code {currentPassword, newPassword}}. Every other session of the
     * caller ends; this one stays.
     */
    @POST
    @Path("/password")
    @Authenticated
    public Uni<Map<String, Object>> changePassword(byte[] body, @HeaderParam("Authorization") String authorization,
            @Context HttpServerRequest request) {
        TradewindPrincipal caller = CurrentUser.of(identity);
        ObjectNode req = JsonBodies.object(body);
        onlyKnown(req, Set.of("currentPassword", "newPassword"), "send currentPassword and newPassword");
        String current = text(req, "currentPassword", 1000);
        String next = text(req, "newPassword", 1000);
        return accounts.changePassword(caller, bearer(authorization), current, next, sourceIp(request))
                .map(revoked -> Map.of("changed", true, "otherSessionsRevoked", revoked));
    }

    /** The caller's network address as the server sees it (forwarded headers only when configured). */
    public static String sourceIp(HttpServerRequest request) {
        return request == null || request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    private static String bearer(String authorization) {
        return authorization == null ? "" : authorization.replaceFirst("(?i)^Bearer\\s+", "").trim();
    }

    private static Map<String, Object> body(TokenStore.Issued issued) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", issued.accessToken());
        m.put("token_type", "Bearer");
        m.put("expires_in", issued.expiresIn());
        m.put("refresh_token", issued.refreshToken());
        return m;
    }

    private static void onlyKnown(ObjectNode req, Set<String> known, String hint) {
        req.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw InvalidInput.of("/" + JsonBodies.escape(name), "UNKNOWN_PROPERTY",
                        "Unknown property '" + name + "': " + hint + ".");
            }
        });
    }

    private static String text(ObjectNode req, String name, int maxLength) {
        JsonNode v = req.get(name);
        if (v == null || v.isNull()) {
            throw InvalidInput.of("/" + name, "REQUIRED", "'" + name + "' is required.");
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw InvalidInput.of("/" + name, "WRONG_TYPE", "'" + name + "' must be a non-empty string.");
        }
        if (v.textValue().length() > maxLength) {
            throw InvalidInput.of("/" + name, "TOO_LONG", "'" + name + "' is longer than " + maxLength
                    + " characters.");
        }
        return v.textValue();
    }
}
