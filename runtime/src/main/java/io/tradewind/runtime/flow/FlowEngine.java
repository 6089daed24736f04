package io.tradewind.runtime.flow;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.flow.SubflowNode;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.form.AppRegistry;
import io.tradewind.runtime.form.RecordRow;
import io.tradewind.runtime.form.RecordStore;
import io.tradewind.runtime.job.JobQueue;
import io.tradewind.runtime.job.NewJob;
import io.tradewind.runtime.tenant.TenantDb;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The flow engine (ADR 0019): starts instances, moves them on when people act or timers fire, and
 * writes what happened. Every entry point runs in one transaction of the tenant, holding the
 * instance's row lock, so two replicas (or two approvers) never move one instance at the same time.
 */
@ApplicationScoped
public class FlowEngine {
    @Inject
    FlowCatalog catalog;
    @Inject
    FlowRecords records;
    @Inject
    Approvals approvals;
    @Inject
    Notifier notifier;
    @Inject
    RecordStore store;
    @Inject
    JobQueue jobs;
    @Inject
    TradewindClock clock;
    @Inject
    TenantDb db;
    @Inject
    AppRegistry registry;

    /** The runtime's clock now. */
    Instant now() {
        return clock.instant();
    }

    FlowRecords records() {
        return records;
    }

    Approvals approvals() {
        return approvals;
    }

    Notifier notifier() {
        return notifier;
    }

    RecordStore store() {
        return store;
    }

    public FlowCatalog catalog() {
        return catalog;
    }

    /** The app's settings of app.json ({@code {}} when none). */
    JsonNode settings(String tenant, String app) {
        JsonNode s = registry.app(tenant, app).app().get("settings");
        return s == null ? Instance.JSON.objectNode() : s;
    }

    Uni<Void> enqueue(SqlConnection c, String tenant, NewJob job) {
        return jobs.enqueue(c, tenant, job).replaceWithVoid();
    }

    /** What starts an instance, besides the flow. */
    public record Start(UUID recordId, UUID submitter, String startKey, ObjectNode payload, List<String> changed,
            ObjectNode lastValues, RecordRow record) {

        /** A start whose record is read when the instance starts. */
        public Start(UUID recordId, UUID submitter, String startKey, ObjectNode payload, List<String> changed,
                ObjectNode lastValues) {
            this(recordId, submitter, startKey, payload, changed, lastValues, null);
        }
    }

    /**
     * Starts an instance of the latest version of {@code flow} through {@code c} and runs it until it
     * waits or ends; null when an instance with the same start key exists (a repeated trigger).
     */
    public Uni<Instance> start(SqlConnection c, String tenant, CompiledFlow flow, Start start) {
        return startRun(c, tenant, flow, start, null, null).map(run -> run == null ? null : run.inst);
    }

    private Uni<FlowRun> startRun(SqlConnection c, String tenant, CompiledFlow flow, Start start, FlowRun parent,
            ObjectNode parentToken) {
        Instant now = clock.instant();
        ObjectNode state = Instance.newState();
        if (start.payload() != null) {
            state.set("payload", start.payload());
        }
        if (start.changed() != null) {
            start.changed().forEach(state.withArray("changed")::add);
        }
        if (start.lastValues() != null) {
            state.set("lastValues", start.lastValues());
        }
        if (parentToken != null) {
            state.put("parentToken", parentToken.get("id").asInt()).put("parentVisit", parentToken.get("visit")
                    .asInt());
        }
        Instance inst = new Instance(tenant, UUID.randomUUID(), flow.app(), flow.key(), flow.id(), Instance.RUNNING,
                flow.definition().form(), start.recordId(), start.submitter(), parent == null ? null : parent.inst.id,
                state, null, now, null);
        inst.isNew = true;
        FlowRun run = new FlowRun(this, c, inst, flow, start.submitter(), now);
        run.parentRun = parent;
        // without a start key nothing can clash: the row is written once, at the end of the run (persist)
        Uni<Boolean> insert = start.startKey() == null
                ? Uni.createFrom().item(true)
                : FlowStore.insert(c, inst, start.startKey()).invoke(created -> inst.isNew = false);
        return insert.flatMap(created -> {
            if (!created) {
                return Uni.createFrom().nullItem();
            }
            if (start.record() != null) {
                run.record = start.record();
            }
            return prepare(run, start.record() == null).flatMap(x -> {
                run.event(start.submitter(), null, "start", null, Instance.JSON.objectNode().put("version", flow
                        .version()));
                run.go(inst.newToken(flow.definition().start().key(), 0), flow.definition().start().key());
                return run.drain();
            }).flatMap(x -> persist(run)).replaceWith(run);
        });
    }

    /** The tenant's time zone (cached for a minute: a changed zone applies to runs after that). */
    private Uni<ZoneId> zone(SqlConnection c, String tenant) {
        var z = zones.get(tenant);
        if (z != null && z.until().isAfter(clock.instant())) {
            return Uni.createFrom().item(z.zone());
        }
        return FlowSchedules.zone(c, tenant).invoke(zone -> zones.put(tenant, new CachedZone(zone, clock.instant()
                .plusSeconds(60))));
    }

    private record CachedZone(ZoneId zone, Instant until) {
    }

    private final java.util.Map<String, CachedZone> zones = new java.util.concurrent.ConcurrentHashMap<>();

    /** Sets the tenant's time zone and, when asked, reads the instance's record. */
    private Uni<Void> prepare(FlowRun run, boolean readRecord) {
        return zone(run.c, run.inst.tenant).flatMap(zone -> {
            run.zone = zone;
            return readRecord ? run.reloadRecord() : Uni.createFrom().voidItem();
        });
    }

    /**
     * Runs {@code work} on instance {@code id} under its row lock, then the agenda, then writes it all;
     * null when there is no such instance.
     */
    Uni<FlowRun> withInstance(SqlConnection c, String tenant, UUID id, UUID actor,
            Function<FlowRun, Uni<Void>> work) {
        return withInstance(c, tenant, id, false, actor, work);
    }

    /**
     * As {@link #withInstance}; with {@code byTask}, {@code id} is a task's and its instance is the
     * one.
     */
    Uni<FlowRun> withInstance(SqlConnection c, String tenant, UUID id, boolean byTask, UUID actor,
            Function<FlowRun, Uni<Void>> work) {
        return FlowStore.lockWithRecord(c, tenant, id, byTask).flatMap(locked -> {
            if (locked == null) {
                return Uni.createFrom().nullItem();
            }
            Instance inst = locked.instance();
            return catalog.version(c, tenant, inst.definitionId).flatMap(flow -> {
                FlowRun run = new FlowRun(this, c, inst, flow, actor, clock.instant());
                run.record = locked.record();
                return prepare(run, false).flatMap(x -> work.apply(run)).flatMap(x -> run.drain())
                        .flatMap(x -> persist(run)).replaceWith(run);
            });
        });
    }

    /**
     * The instance and its context without a lock or writes (to prepare a side effect); null when gone.
     */
    Uni<FlowRun> peek(SqlConnection c, String tenant, UUID id) {
        return FlowStore.read(c, tenant, id).flatMap(inst -> {
            if (inst == null) {
                return Uni.createFrom().nullItem();
            }
            return catalog.version(c, tenant, inst.definitionId).flatMap(flow -> {
                FlowRun run = new FlowRun(this, c, inst, flow, null, clock.instant());
                return prepare(run, true).replaceWith(run);
            });
        });
    }

    /**
     * Writes what a run produced: history, tasks, notifications and the instance.
     */
    Uni<Void> persist(FlowRun run) {
        Uni<Void> admins = Uni.createFrom().voidItem();
        if (run.failedNode != null) {
            admins = Assignees.admins(run.c, run.inst.tenant).map(list -> {
                run.note(list, "incident", Approvals.label(run) + " failed at '" + run.failedNode + "': "
                        + run.inst.error);
                return null;
            });
        }
        boolean inserted = run.inst.isNew;
        return admins.flatMap(x -> {
            // independent statements on one connection: sent together, run in this order (one round trip)
            List<Uni<?>> writes = new ArrayList<>();
            if (inserted) {
                writes.add(FlowStore.insert(run.c, run.inst, null));
            }
            writes.add(FlowStore.insertTasks(run.c, run.inst.tenant, run.tasks));
            writes.add(FlowStore.insertEvents(run.c, run.inst.tenant, run.inst.id, run.events));
            writes.add(Notifications.insert(run.c, run.inst.tenant, run.notes, run.now));
            if (!inserted || run.inst.endedAt != null || run.inst.error != null) {
                writes.add(FlowStore.save(run.c, run.inst, run.now));
            }
            return FlowStore.inOrder(writes).invoke(y -> run.inst.isNew = false);
        });
    }

    // ---- sub-flows ----

    Uni<Void> startSubflow(FlowRun run, ObjectNode token, SubflowNode n) {
        CompiledFlow child = catalog.flow(run.inst.tenant, run.inst.app, n.flow());
        token.put("state", "waiting");
        token.putObject("wait").put("kind", "subflow");
        Start start = new Start(run.inst.recordId, run.inst.submitter, null, null, null, null);
        return startRun(run.c, run.inst.tenant, child, start, run, token).map(childRun -> {
            if (childRun != null && token.has("wait")) {
                token.with("wait").put("child", childRun.inst.id.toString());
            }
            run.event(n.key(), "subflow", null, Instance.JSON.objectNode().put("flow", n.flow()).put("instance",
                    childRun == null ? null : childRun.inst.id.toString()));
            return null;
        });
    }

    /**
     * After an instance ended: the parent waiting for it moves on (in memory when it is in this run).
     */
    Uni<Void> resumeParent(FlowRun child) {
        if (child.inst.parentId == null) {
            return Uni.createFrom().voidItem();
        }
        int tokenId = child.inst.state.path("parentToken").asInt();
        int visit = child.inst.state.path("parentVisit").asInt();
        Function<FlowRun, Uni<Void>> moveOn = parent -> {
            ObjectNode token = parent.inst.token(tokenId);
            if (token == null || token.get("visit").asInt() != visit || !parent.inst.running()) {
                return Uni.createFrom().voidItem();
            }
            SubflowNode n = (SubflowNode) parent.flow.node(token.get("node").asText());
            parent.inst.outputs().put(n.key(), child.inst.status);
            parent.event(null, n.key(), "subflowEnded", null, Instance.JSON.objectNode().put("outcome",
                    child.inst.status));
            parent.go(token, n.next());
            return parent.reloadRecord(); // the sub-flow may have changed it
        };
        if (child.parentRun != null) {
            return moveOn.apply(child.parentRun);
        }
        return withInstance(child.c, child.inst.tenant, child.inst.parentId, null, moveOn).replaceWithVoid();
    }

    // ---- timers ----

    /** A timer job fired: a delay or wait-until ends, or a deadline passes; stale timers do nothing. */
    Uni<Void> timer(SqlConnection c, String tenant, JsonNode payload) {
        UUID id = UUID.fromString(payload.get("instance").asText());
        int tokenId = payload.get("token").asInt();
        int visit = payload.get("visit").asInt();
        String kind = payload.get("kind").asText();
        return withInstance(c, tenant, id, null, run -> {
            ObjectNode token = run.inst.token(tokenId);
            if (token == null || token.get("visit").asInt() != visit || !run.inst.running()
                    || !"waiting".equals(token.path("state").asText())) {
                return Uni.createFrom().voidItem();
            }
            var node = run.flow.node(token.get("node").asText());
            if (kind.equals("deadline")) {
                return approvals.deadline(run, token);
            }
            String next = node instanceof io.tradewind.model.flow.DelayNode d
                    ? d.next()
                    : node instanceof io.tradewind.model.flow.WaitUntilNode w ? w.next() : null;
            if (next != null) {
                run.event(null, node.key(), "wake", null, null);
                run.go(token, next);
            }
            return Uni.createFrom().voidItem();
        }).replaceWithVoid();
    }

}
