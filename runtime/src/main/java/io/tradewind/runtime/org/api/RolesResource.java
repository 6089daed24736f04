package io.tradewind.runtime.org.api;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.org.Actor;
import io.tradewind.runtime.org.Roles;
import io.vertx.core.http.HttpServerRequest;

/** Administration of the tenant's roles and their members (admins only). */
@io.quarkus.security.Authenticated
@Path("/api/admin/roles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RolesResource {
    @Inject
    SecurityIdentity identity;
    @Inject
    Roles roles;
    @Context
    HttpServerRequest request;

    @GET
    public Uni<Map<String, List<Roles.Role>>> list() {
        return roles.list(actor()).map(all -> Map.of("items", all));
    }

    @POST
    public Uni<Response> create(byte[] body) {
        return roles.create(actor(), body).map(r -> Response.created(URI.create("/api/admin/roles/" + r.key()))
                .entity(r).build());
    }

    @GET
    @Path("/{key}")
    public Uni<Roles.Role> get(@PathParam("key") String key) {
        return roles.get(actor(), key);
    }

    @PATCH
    @Path("/{key}")
    public Uni<Roles.Role> update(@PathParam("key") String key, byte[] body) {
        return roles.update(actor(), key, body);
    }

    @DELETE
    @Path("/{key}")
    public Uni<Response> delete(@PathParam("key") String key) {
        return roles.delete(actor(), key).map(x -> Response.noContent().build());
    }

    @GET
    @Path("/{key}/members")
    public Uni<Map<String, List<Roles.Member>>> members(@PathParam("key") String key) {
        return roles.members(actor(), key).map(all -> Map.of("items", all));
    }

    /** Replaces the members with {@code {userIds: [...]}}; answers the new member list. */
    @PUT
    @Path("/{key}/members")
    public Uni<Map<String, List<Roles.Member>>> setMembers(@PathParam("key") String key, byte[] body) {
        return roles.setMembers(actor(), key, body).map(all -> Map.of("items", all));
    }

    private Actor actor() {
        return Callers.admin(identity, request, "manage roles");
    }
}
