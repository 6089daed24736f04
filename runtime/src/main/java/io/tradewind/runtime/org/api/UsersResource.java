package io.tradewind.runtime.org.api;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.org.Actor;
import io.tradewind.runtime.org.Users;
import io.vertx.core.http.HttpServerRequest;

/** Administration of the tenant's user accounts (admins only). */
@io.quarkus.security.Authenticated
@Path("/api/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UsersResource {
    @Inject
    SecurityIdentity identity;
    @Inject
    Users users;
    @Context
    HttpServerRequest request;

    /** Users by username; {@code q} searches username, display name and email. */
    @GET
    public Uni<Users.Page> list(@QueryParam("q") String q, @QueryParam("departmentId") String departmentId,
            @QueryParam("role") String role, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return users.list(actor(), q, departmentId, role, limit, cursor);
    }

    @POST
    public Uni<Response> create(byte[] body) {
        return users.create(actor(), body).map(u -> Response.created(URI.create("/api/admin/users/" + u.id()))
                .entity(u).build());
    }

    @GET
    @Path("/{id}")
    public Uni<Users.User> get(@PathParam("id") String id) {
        return users.get(actor(), id);
    }

    @PATCH
    @Path("/{id}")
    public Uni<Users.User> update(@PathParam("id") String id, byte[] body) {
        return users.update(actor(), id, body);
    }

    /**
     * Deletes the user for good; refused while they manage a department or users, or are the last
     * admin.
     */
    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return users.delete(actor(), id).map(x -> Response.noContent().build());
    }

    private Actor actor() {
        return Callers.admin(identity, request, "manage users");
    }
}
