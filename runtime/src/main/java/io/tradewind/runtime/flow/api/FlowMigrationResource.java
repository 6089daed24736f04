package io.tradewind.runtime.flow.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.flow.FlowMigrations;
import io.tradewind.runtime.org.Actor;
import io.tradewind.runtime.security.CurrentUser;
import io.tradewind.runtime.web.JsonBodies;
import io.vertx.core.http.HttpServerRequest;

/**
 * Admins move running instances to another version of their flow: one instance ({@code POST
 * /api/admin/flow-instances/{id}/migrate {version, nodes?}}) or every running instance of a version
 * ({@code POST /api/admin/flow-migrations {app, flow, fromVersion, toVersion, nodes?}}).
 */
@io.quarkus.security.Authenticated
@Path("/api/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FlowMigrationResource {
    @Inject
    SecurityIdentity identity;
    @Inject
    FlowMigrations migrations;
    @Context
    HttpServerRequest request;

    @POST
    @Path("/flow-instances/{id}/migrate")
    public Uni<Map<String, Object>> one(@PathParam("id") String id, byte[] body) {
        Actor actor = actor();
        ObjectNode o = JsonBodies.object(body);
        List<Violation> problems = new ArrayList<>();
        ActionBodies.unknown(o, Set.of("version", "nodes"), problems);
        int version = number(o, "version", problems);
        Map<String, String> nodes = nodes(o, problems);
        ActionBodies.throwIfAny(problems);
        return migrations.migrate(actor, id, version, nodes);
    }

    @POST
    @Path("/flow-migrations")
    public Uni<Map<String, Object>> all(byte[] body) {
        Actor actor = actor();
        ObjectNode o = JsonBodies.object(body);
        List<Violation> problems = new ArrayList<>();
        ActionBodies.unknown(o, Set.of("app", "flow", "fromVersion", "toVersion", "nodes"), problems);
        String app = text(o, "app", problems);
        String flow = text(o, "flow", problems);
        int from = number(o, "fromVersion", problems);
        int to = number(o, "toVersion", problems);
        Map<String, String> nodes = nodes(o, problems);
        ActionBodies.throwIfAny(problems);
        return migrations.migrateAll(actor, app, flow, from, to, nodes);
    }

    private static String text(ObjectNode o, String name, List<Violation> problems) {
        JsonNode v = o.get(name);
        if (v == null || !v.isTextual() || v.textValue().isBlank() || v.textValue().length() > 100) {
            problems.add(new Violation("/" + name, v == null ? "REQUIRED" : "WRONG_TYPE", "'" + name + "' is"
                    + " required: a key of at most 100 characters."));
            return null;
        }
        return v.textValue();
    }

    private static int number(ObjectNode o, String name, List<Violation> problems) {
        JsonNode v = o.get(name);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 1) {
            problems.add(new Violation("/" + name, v == null ? "REQUIRED" : "WRONG_TYPE", "'" + name + "' is"
                    + " required: a version number from 1."));
            return 0;
        }
        return v.intValue();
    }

    private static Map<String, String> nodes(ObjectNode o, List<Violation> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode v = o.get("nodes");
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject() || v.size() > 200) {
            problems.add(new Violation("/nodes", "WRONG_TYPE", "'nodes' maps node keys of the old version to node"
                    + " keys of the new one (at most 200)."));
            return out;
        }
        v.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual() || e.getValue().textValue().length() > 100) {
                problems.add(new Violation("/nodes/" + JsonBodies.escape(e.getKey()), "WRONG_TYPE", "A node maps to"
                        + " the key of a node."));
            } else {
                out.put(e.getKey(), e.getValue().textValue());
            }
        });
        return out;
    }

    private Actor actor() {
        var user = CurrentUser.admin(identity, "migrate flow instances");
        String ip = request == null || request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return new Actor(user, ip);
    }
}
