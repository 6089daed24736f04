package io.tradewind.runtime.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.flow.FlowNode;
import io.tradewind.runtime.audit.AuditLog;
import io.tradewind.runtime.error.Conflict;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.org.Actor;
import io.tradewind.runtime.tenant.TenantDb;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Moves running instances to another published version of their flow (ADR 0019). Every token must
 * land on a node of the target version: the same key, or the one the node mapping names. A token
 * that waits (approval, task, timer, HTTP, sub-flow) must land on a node of the same type, and its
 * open tasks follow it; its timers and jobs still match it, as the visit does not change. All or
 * nothing per instance; audited.
 */
@ApplicationScoped
public class FlowMigrations {
    @Inject
    FlowEngine engine;
    @Inject
    FlowCatalog catalog;
    @Inject
    TenantDb db;
    @Inject
    AuditLog audit;
    @Inject
    FlowService service;

    /** Migrates one instance; answers its view. */
    public Uni<Map<String, Object>> migrate(Actor actor, String instanceId, int version, Map<String, String> nodes) {
        UUID id = Assignees.uuidOrNull(instanceId);
        if (id == null) {
            throw new NotFound("INSTANCE_NOT_FOUND", "There is no flow instance '" + FlowCatalog.shorten(instanceId)
                    + "'.");
        }
        return db.run(actor.tenant(), c -> FlowStore.read(c, actor.tenant(), id).flatMap(found -> {
            if (found == null) {
                throw new NotFound("INSTANCE_NOT_FOUND", "There is no flow instance '" + id + "'.");
            }
            return migrateIn(c, actor, id, version, nodes);
        }).flatMap(run -> service.view(c, actor.user(), run.inst)));
    }

    /** Migrates every running instance of {@code fromVersion}; answers counts and the refused ones. */
    public Uni<Map<String, Object>> migrateAll(Actor actor, String app, String flow, int fromVersion, int toVersion,
            Map<String, String> nodes) {
        catalog.flow(actor.tenant(), app, flow);
        return db.run(actor.tenant(), c -> catalog.versions(c, actor.tenant(), app, flow).flatMap(versions -> {
            UUID from = versions.stream().filter(v -> v.getKey() == fromVersion).map(Map.Entry::getValue)
                    .findFirst().orElseThrow(() -> InvalidInput.of("/fromVersion", "VERSION_UNKNOWN", "The flow"
                            + " has no version " + fromVersion + "."));
            return c.preparedQuery("select id from flow_instance where tenant_id = $1 and definition_id = $2 and"
                    + " status in ('running', 'failed') order by started_at limit 1000").execute(Tuple.of(
                            actor
                                    .tenant(),
                            from))
                    .map(rows -> {
                        List<UUID> ids = new ArrayList<>();
                        rows.forEach(r -> ids.add(r.getUUID(0)));
                        return ids;
                    });
        })).flatMap(ids -> {
            List<Object> refused = new ArrayList<>();
            int[] migrated = {0};
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (UUID id : ids) {
                chain = chain.flatMap(x -> db.run(actor.tenant(), c -> migrateIn(c, actor, id, toVersion, nodes))
                        .map(r -> {
                            migrated[0]++;
                            return (Void) null;
                        }).onFailure(InvalidInput.class).recoverWithItem(e -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("instance", id);
                            m.put("errors", ((InvalidInput) e).violations());
                            refused.add(m);
                            return null;
                        }));
            }
            return chain.map(x -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("migrated", migrated[0]);
                out.put("refused", refused);
                return out;
            });
        });
    }

    private Uni<FlowRun> migrateIn(SqlConnection c, Actor actor, UUID id, int version, Map<String, String> nodes) {
        return engine.withInstance(c, actor.tenant(), id, actor.userId(), run -> {
            if (!run.inst.running() && !"failed".equals(run.inst.status)) {
                throw new Conflict("INSTANCE_ENDED", "The instance has ended (" + run.inst.status + "); there is"
                        + " nothing to migrate.");
            }
            return catalog.versions(c, actor.tenant(), run.inst.app, run.inst.flowKey).flatMap(versions -> {
                UUID target = versions.stream().filter(v -> v.getKey() == version).map(Map.Entry::getValue)
                        .findFirst().orElseThrow(() -> InvalidInput.of("/version", "VERSION_UNKNOWN", "The flow '"
                                + run.inst.flowKey + "' has no version " + version + "."));
                return catalog.version(c, actor.tenant(), target);
            }).flatMap(to -> {
                int fromVersion = run.flow.version();
                List<Violation> problems = new ArrayList<>();
                nodes.forEach((from, dest) -> {
                    if (!run.flow.hasNode(from)) {
                        problems.add(new Violation("/nodes/" + from, "NODE_UNKNOWN", "Version " + fromVersion
                                + " has no node '" + FlowCatalog.shorten(from) + "'."));
                    }
                    if (!to.hasNode(dest)) {
                        problems.add(new Violation("/nodes/" + from, "NODE_UNKNOWN", "Version " + to.version()
                                + " has no node '" + FlowCatalog.shorten(dest) + "'."));
                    }
                });
                Map<Integer, String> moves = new LinkedHashMap<>();
                for (ObjectNode t : run.inst.liveTokens()) {
                    String node = t.get("node").asText();
                    String dest = nodes.getOrDefault(node, node);
                    if (!to.hasNode(dest)) {
                        problems.add(new Violation("/nodes/" + node, "NODE_UNMAPPED", "A token is at '" + node
                                + "', which version " + to.version() + " does not have; map it to one of its"
                                + " nodes."));
                        continue;
                    }
                    FlowNode was = run.flow.node(node);
                    FlowNode now = to.node(dest);
                    if ("waiting".equals(t.path("state").asText()) && !was.type().equals(now.type())) {
                        problems.add(new Violation("/nodes/" + node, "NODE_TYPE_CHANGED", "The token waits at '"
                                + node + "' (" + was.type() + "); it can only move to a node of that type, not '"
                                + dest + "' (" + now.type() + ")."));
                        continue;
                    }
                    moves.put(t.get("id").asInt(), dest);
                }
                if (!problems.isEmpty()) {
                    throw new InvalidInput(422, "MIGRATION_INVALID", problems.size() == 1
                            ? problems.get(0)
                                    .message()
                            : problems.size() + " problems; see errors.", problems);
                }
                Uni<Void> tasks = Uni.createFrom().voidItem();
                for (var m : moves.entrySet()) {
                    ObjectNode t = run.inst.token(m.getKey());
                    t.put("node", m.getValue());
                    tasks = tasks.flatMap(x -> c.preparedQuery("update flow_task set node_key = $4 where tenant_id ="
                            + " $1 and instance_id = $2 and token = $3 and status in ('open', 'waiting')").execute(
                                    Tuple.of(actor.tenant(), run.inst.id, m.getKey(), m.getValue()))
                            .replaceWithVoid());
                }
                run.inst.definitionId = to.id();
                run.flow = to;
                ObjectNode detail = Instance.JSON.objectNode().put("from", fromVersion).put("to", to.version());
                nodes.forEach(detail.putObject("nodes")::put);
                run.event(null, "migrate", null, detail);
                return tasks.flatMap(x -> audit.write(c, actor.entry("flow.migrate", "flow-instance", run.inst.id,
                        Map.of("flow", run.inst.flowKey, "from", fromVersion, "to", to.version())), run.now));
            });
        });
    }
}
