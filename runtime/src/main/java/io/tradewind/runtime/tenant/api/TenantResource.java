package io.tradewind.runtime.tenant.api;

import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.apps.AppSync;
import io.tradewind.runtime.error.AccessDenied;
import io.tradewind.runtime.security.Accounts;
import io.tradewind.runtime.security.CurrentUser;
import io.tradewind.runtime.security.TokenStore;
import io.tradewind.runtime.security.TradewindPrincipal;
import io.tradewind.runtime.tenant.Tenants;
import io.tradewind.runtime.web.BodyFields;
import io.vertx.core.http.HttpServerRequest;

/**
 * Tenants of the install: create (with its first admin and the installed apps), list, read, rename
 * and disable. Only administrators of the {@link Tenants#SYSTEM} tenant may use it.
 */
@io.quarkus.security.Authenticated
@Path("/api/admin/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantResource {
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[a-z][a-z0-9-]{0,39}");

    @Inject
    SecurityIdentity identity;
    @Inject
    Tenants tenants;
    @Inject
    Accounts accounts;
    @Inject
    AppSync apps;
    @Inject
    TokenStore tokens;
    @Context
    HttpServerRequest request;

    @GET
    public Uni<Map<String, Object>> list() {
        operator();
        return tenants.list().map(items -> Map.of("items", items));
    }

    @GET
    @Path("/{id}")
    public Uni<Tenants.Tenant> get(@PathParam("id") String id) {
        operator();
        return tenants.get(id);
    }

    /**
     * Creates a tenant {@code {id, name, timeZone?, adminPassword}}: the tenant, its {@code admin}
     * account with the given password, and every installed app.
     */
    @POST
    @Blocking
    public Response create(byte[] body) {
        TradewindPrincipal actor = operator();
        BodyFields f = BodyFields.of(body, Set.of("id", "name", "timeZone", "adminPassword"));
        String id = f.text("id", true, 40);
        if (id != null && !ID.matcher(id).matches()) {
            f.problem("/id", "TENANT_ID_INVALID", "A tenant id is 1 to 40 lower-case letters, digits and '-',"
                    + " starting with a letter.");
        }
        String name = f.text("name", true, 200);
        String zone = zone(f, f.text("timeZone", false, 60));
        String password = f.text("adminPassword", true, 1000);
        if (password != null && password.length() < 12) {
            f.problem("/adminPassword", "PASSWORD_TOO_WEAK", "The admin password needs at least 12 characters.");
        }
        f.done();
        Tenants.Tenant t = tenants.create(actor, ip(), id, name, zone == null ? "UTC" : zone).await().indefinitely();
        accounts.bootstrapAdmin(id, password).await().indefinitely();
        apps.installAll(id);
        return Response.created(URI.create("/api/admin/tenants/" + id)).entity(t).build();
    }

    /**
     * Changes {@code name}, {@code timeZone} or {@code disabled}; a disabled tenant's sessions stop at
     * once.
     */
    @PATCH
    @Path("/{id}")
    public Uni<Tenants.Tenant> change(@PathParam("id") String id, byte[] body) {
        TradewindPrincipal actor = operator();
        BodyFields f = BodyFields.of(body, Set.of("name", "timeZone", "disabled"));
        String name = f.text("name", false, 200);
        String zone = zone(f, f.text("timeZone", false, 60));
        Boolean disabled = f.bool("disabled");
        f.done();
        return tenants.change(actor, ip(), id, new Tenants.Change(name, zone, disabled)).invoke(t -> {
            if (t.disabled()) {
                tokens.evictTenant(t.id());
            }
        });
    }

    private static String zone(BodyFields f, String zone) {
        if (zone == null) {
            return null;
        }
        try {
            return ZoneId.of(zone).getId();
        } catch (DateTimeException e) {
            f.problem("/timeZone", "TIME_ZONE_UNKNOWN", "'" + zone + "' is not a time zone; use an IANA name such"
                    + " as Europe/Berlin or Asia/Shanghai.");
            return null;
        }
    }

    private TradewindPrincipal operator() {
        TradewindPrincipal user = CurrentUser.admin(identity, "manage tenants");
        if (!Tenants.SYSTEM.equals(user.tenantId())) {
            throw new AccessDenied("SYSTEM_ADMIN_ONLY", "Only administrators of the tenant '" + Tenants.SYSTEM
                    + "' may manage tenants.");
        }
        return user;
    }

    private String ip() {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }
}
