package io.tradewind.runtime.security.oidc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.identity.SecurityIdentity;
import io.tradewind.runtime.security.CurrentUser;
import io.tradewind.runtime.security.TradewindPrincipal;

/**
 * Who the caller is, as every engine sees them: the same answer for built-in, SSO and API-key
 * callers.
 */
@Path("/api/auth/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {
    @Inject
    SecurityIdentity identity;

    /** {@code {tenant, userId, username, roles, departmentId}} of the signed-in caller. */
    @GET
    public Map<String, Object> me() {
        TradewindPrincipal p = CurrentUser.of(identity);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", p.tenantId());
        body.put("userId", p.userId());
        body.put("username", p.username());
        body.put("roles", new TreeSet<>(p.roles()));
        body.put("departmentId", p.departmentId());
        return body;
    }
}
