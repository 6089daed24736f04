package io.tradewind.runtime.security.api;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.Unauthenticated;
import io.tradewind.runtime.security.Accounts;
import io.tradewind.runtime.security.TokenStore;
import io.tradewind.runtime.web.JsonBodies;

/** Sign-in with built-in accounts: tokens, refresh and sign-out. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class AuthResource {
    @Inject
    Accounts accounts;
    @Inject
    TokenStore tokens;

    /** Exchanges {@code {username, password, tenant?}} for an access and a refresh token. */
    @POST
    @Path("/token")
    public Uni<Map<String, Object>> token(byte[] body) {
        ObjectNode req = JsonBodies.object(body);
        String username = text(req, "username", 200);
        String password = text(req, "password", 1000);
        String tenant = req.has("tenant") ? text(req, "tenant", 40) : "default";
        req.fieldNames().forEachRemaining(name -> {
            if (!name.equals("username") && !name.equals("password") && !name.equals("tenant")) {
                throw InvalidInput.of("/" + JsonBodies.escape(name), "UNKNOWN_PROPERTY",
                        "Unknown property '" + name + "': send username, password and optionally tenant.");
            }
        });
        return accounts.checkPassword(tenant, username, password).flatMap(userId -> {
            if (userId == null) {
                throw new Unauthenticated("BAD_CREDENTIALS", "The username or password is not correct.");
            }
            return tokens.issue(tenant, userId);
        }).map(AuthResource::body);
    }

    /** Exchanges a refresh token for new tokens; the old refresh token stops working. */
    @POST
    @Path("/refresh")
    public Uni<Map<String, Object>> refresh(byte[] body) {
        String refresh = text(JsonBodies.object(body), "refresh_token", 200);
        return tokens.refresh(refresh).map(issued -> {
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
    public Uni<Map<String, Object>> logout(@HeaderParam("Authorization") String authorization) {
        String token = authorization == null ? "" : authorization.replaceFirst("(?i)^Bearer\\s+", "");
        return tokens.revoke(token).map(ok -> Map.of("signedOut", ok));
    }

    private static Map<String, Object> body(TokenStore.Issued issued) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", issued.accessToken());
        m.put("token_type", "Bearer");
        m.put("expires_in", issued.expiresIn());
        m.put("refresh_token", issued.refreshToken());
        return m;
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
