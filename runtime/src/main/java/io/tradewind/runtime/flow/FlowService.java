package io.tradewind.runtime.flow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.flow.ApprovalNode;
import io.tradewind.model.flow.FlowNode;
import io.tradewind.model.flow.FlowTrigger;
import io.tradewind.model.flow.TaskNode;
import io.tradewind.model.form.PermissionAction;
import io.tradewind.runtime.error.AccessDenied;
import io.tradewind.runtime.error.Conflict;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.form.AppRegistry;
import io.tradewind.runtime.form.CompiledForm;
import io.tradewind.runtime.form.RecordEngine;
import io.tradewind.runtime.form.RecordRow;
import io.tradewind.runtime.security.TradewindPrincipal;
import io.tradewind.runtime.tenant.TenantDb;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What the flow API does for a signed-in user: start, act, look at instances, tasks and
 * notifications.
 */
@ApplicationScoped
public class FlowService {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;

    @Inject
    FlowEngine engine;
    @Inject
    FlowCatalog catalog;
    @Inject
    Approvals approvals;
    @Inject
    TenantDb db;
    @Inject
    RecordEngine records;
    @Inject
    AppRegistry registry;

    // ---- starting by hand ----

    /**
     * The buttons of a record the user can see: 404 (as for the record itself) when they cannot, so
     * that nobody learns which record ids exist.
     */
    public Uni<List<Map<String, Object>>> buttons(TradewindPrincipal user, String app, String form,
            String recordId) {
        return records.get(user, app, form, recordId).map(row -> buttons(user, app, form));
    }

    /** The manual flows of the app a user may start on a record of {@code form} (the buttons). */
    public List<Map<String, Object>> buttons(TradewindPrincipal user, String app, String form) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CompiledFlow f : catalog.flows(user.tenantId(), app).values()) {
            if (f.definition().trigger() instanceof FlowTrigger.Manual m && form.equals(f.definition().form())
                    && mayPress(user, m)) {
                out.add(Map.of("flow", f.key(), "label", m.label()));
            }
        }
        return out;
    }

    private static boolean mayPress(TradewindPrincipal user, FlowTrigger.Manual m) {
        return user.isAdmin() || m.roles().isEmpty() || m.roles().stream().anyMatch(user.roles()::contains);
    }

    /** Presses a flow's button on a record: checks who may, the record and the condition; runs it. */
    public Uni<Map<String, Object>> start(TradewindPrincipal user, String app, String form, String recordId,
            String flowKey, String comment) {
        CompiledFlow f = catalog.flow(user.tenantId(), app, flowKey);
        if (!(f.definition().trigger() instanceof FlowTrigger.Manual m) || !form.equals(f.definition().form())) {
            throw new NotFound("FLOW_NOT_FOUND", "The form '" + FlowCatalog.shorten(form) + "' has no button for"
                    + " the flow '" + flowKey + "'.");
        }
        if (!mayPress(user, m)) {
            throw new AccessDenied("FLOW_NOT_ALLOWED", "Only " + String.join(", ", m.roles()) + " may press '"
                    + m.label().text("en") + "'.");
        }
        CompiledForm cf = registry.form(user.tenantId(), app, form);
        if (m.roles().isEmpty() && !user.isAdmin() && !cf.access().grant(user).allows(PermissionAction.UPDATE)) {
            throw new AccessDenied("FLOW_NOT_ALLOWED", "Pressing '" + m.label().text("en") + "' needs the right to"
                    + " change " + form + " records.");
        }
        return db.run(user.tenantId(), c -> records.bound(c).get(user, app, form, recordId).flatMap(
                visible -> c.preparedQuery("select " + io.tradewind.runtime.form.RecordStore.COLUMNS_PUBLIC + ","
                        + " exists (select 1 from flow_pause p where p.tenant_id = $1 and p.app_key = $3 and p.flow_key"
                        + " = $4) from record where tenant_id = $1 and id = $2").execute(Tuple.of(user.tenantId(),
                                visible.id(), app, flowKey)))
                .flatMap(rows -> {
                    var r = rows.iterator().next();
                    if (r.getBoolean(8)) {
                        throw new Conflict("FLOW_PAUSED", "The flow '" + flowKey + "' is paused by an"
                                + " administrator; try again when it is resumed.");
                    }
                    // the condition and the flow see every field, also those hidden from the user
                    RecordRow row = new RecordRow(r.getUUID(0), r.getInteger(1), (ObjectNode) FlowStore.parse(r
                            .getString(2)), r.getUUID(3), r.getOffsetDateTime(4), r.getUUID(5), r.getOffsetDateTime(
                                    6),
                            r.getUUID(7));
                    if (m.condition() != null && !holds(user.tenantId(), f, m.condition(), row.data(), row)) {
                        throw new Conflict("FLOW_CONDITION_FALSE", "'" + m.label().text("en") + "' does not apply"
                                + " to this record now (" + m.condition() + ").");
                    }
                    FlowEngine.Start start = new FlowEngine.Start(row.id(), user.userId(), null, null, null, null,
                            row);
                    return engine.start(c, user.tenantId(), f, start);
                }).flatMap(inst -> {
                    if (comment != null) {
                        return c.preparedQuery("update flow_event set comment = $3 where tenant_id = $1 and"
                                + " instance_id = $2 and seq = 1").execute(Tuple.of(user.tenantId(), inst.id,
                                        comment))
                                .replaceWith(inst);
                    }
                    return Uni.createFrom().item(inst);
                }).flatMap(inst -> view(c, user, inst)));
    }

    private boolean holds(String tenant, CompiledFlow f, String condition, ObjectNode values, RecordRow row) {
        ObjectNode b = values.deepCopy();
        b.put("id", row.id().toString());
        b.put("owner", row.owner() == null ? null : row.owner().toString());
        b.set("settings", engine.settings(tenant, f.app()));
        var env = new CompiledForm.EvalEnv(engine.now(), java.time.ZoneOffset.UTC, Set.of(), "en");
        return CompiledFlow.truthy(f.eval(condition, b, env, "/trigger/condition"));
    }

    // ---- tasks ----

    /** The caller's open tasks, oldest first, with their record's summary. */
    public Uni<Map<String, Object>> myTasks(TradewindPrincipal user, String limitParam, String cursor) {
        int limit = limit(limitParam);
        Instant afterAt = null;
        UUID afterId = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor)).split("\\|");
                afterAt = Instant.parse(parts[0]);
                afterId = UUID.fromString(parts[1]);
            } catch (RuntimeException e) {
                throw InvalidInput.of("/cursor", "CURSOR_INVALID", "'cursor' is not a cursor this list gave out.");
            }
        }
        Instant at = afterAt;
        UUID id = afterId;
        return db.run(user.tenantId(), c -> c.preparedQuery("select " + FlowStore.prefixed("t", FlowStore.TASK_COLUMNS)
                + ", i.app_key, i.flow_key,"
                + " i.form_key, i.record_id, i.submitter, i.definition_id, r.data::text from flow_task t join"
                + " flow_instance i on i.tenant_id = t.tenant_id and i.id = t.instance_id left join record r on"
                + " r.tenant_id = i.tenant_id and r.id = i.record_id where t.tenant_id = $1 and t.assignee = $2 and"
                + " t.status = 'open' and ($3::timestamptz is null or (t.created_at, t.id) > ($3, $4)) order by"
                + " t.created_at, t.id limit " + (limit + 1))
                .execute(Tuple.of(user.tenantId(), user.userId(), FlowStore.utc(at), id)).flatMap(rows -> {
                    List<Uni<Map<String, Object>>> items = new ArrayList<>();
                    List<FlowStore.Task> tasks = new ArrayList<>();
                    rows.forEach(r -> {
                        if (tasks.size() < limit) {
                            FlowStore.Task t = FlowStore.task(r);
                            tasks.add(t);
                            items.add(catalog.version(c, user.tenantId(), r.getUUID(20)).map(f -> {
                                Map<String, Object> m = taskView(t, f);
                                m.put("app", r.getString(15));
                                m.put("flow", r.getString(16));
                                m.put("flowLabel", f.definition().label());
                                m.put("submitter", r.getUUID(19));
                                m.put("record", recordSummary(user.tenantId(), r.getString(15), r.getString(17),
                                        r.getUUID(18), r.getString(21)));
                                return m;
                            }));
                        }
                    });
                    boolean more = rows.size() > limit;
                    Uni<List<Map<String, Object>>> all = items.isEmpty()
                            ? Uni.createFrom().item(List.of())
                            : Uni.join().all(items).andFailFast();
                    return all.map(list -> {
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("items", list);
                        FlowStore.Task last = tasks.isEmpty() ? null : tasks.get(tasks.size() - 1);
                        body.put("nextCursor", more && last != null
                                ? Base64.getUrlEncoder().withoutPadding()
                                        .encodeToString((last.createdAt() + "|" + last.id()).getBytes())
                                : null);
                        return body;
                    });
                }));
    }

    private Map<String, Object> recordSummary(String tenant, String app, String form, UUID id, String data) {
        if (id == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app", app);
        m.put("form", form);
        m.put("id", id);
        String summary = null;
        if (data != null) {
            try {
                CompiledForm cf = registry.form(tenant, app, form);
                JsonNode title = cf.definition().get("titleField");
                JsonNode v = title == null ? null : FlowStore.parse(data).get(title.asText());
                summary = v == null || v.isNull() ? null : v.asText();
            } catch (RuntimeException e) {
                summary = null;
            }
        }
        m.put("summary", summary);
        return m;
    }

    /** One task as the API shows it. */
    static Map<String, Object> taskView(FlowStore.Task t, CompiledFlow f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("instance", t.instanceId());
        m.put("node", t.node());
        FlowNode node = f.hasNode(t.node()) ? f.node(t.node()) : null;
        m.put("nodeLabel", node == null ? null : node.label());
        m.put("kind", t.kind());
        m.put("status", t.status());
        m.put("assignee", t.assignee());
        m.put("actions", actions(t, node));
        if (node instanceof TaskNode tn && Approvals.TASK.equals(t.kind())) {
            m.put("fields", tn.fields());
            m.put("required", tn.required());
        }
        if (node instanceof ApprovalNode an && an.actions().contains(ApprovalNode.Action.RETURN)) {
            m.put("returnTo", an.returnTo());
        }
        m.put("createdAt", t.createdAt());
        m.put("dueAt", t.dueAt());
        if (t.outcome() != null) {
            m.put("outcome", t.outcome());
            m.put("comment", t.comment());
            m.put("completedAt", t.completedAt());
            m.put("completedBy", t.completedBy());
        }
        return m;
    }

    private static List<String> actions(FlowStore.Task t, FlowNode node) {
        if (!t.open()) {
            return List.of();
        }
        if (Approvals.RESUBMIT.equals(t.kind())) {
            return List.of("resubmit");
        }
        if (node instanceof TaskNode) {
            return List.of("complete", "transfer");
        }
        if (node instanceof ApprovalNode a) {
            return a.actions().stream().filter(x -> x != ApprovalNode.Action.WITHDRAW
                    && x != ApprovalNode.Action.URGE).map(ApprovalNode.Action::json).toList();
        }
        return List.of();
    }

    /**
     * Acts on a task: 404 when the caller cannot see it, 403 when it is not theirs, 409 when it is
     * closed.
     */
    public Uni<Map<String, Object>> act(TradewindPrincipal user, String taskId, String action,
            ActionBody body) {
        UUID id = Assignees.uuidOrNull(taskId);
        if (id == null) {
            throw new NotFound("TASK_NOT_FOUND", "There is no task '" + FlowCatalog.shorten(taskId) + "'.");
        }
        return db.run(user.tenantId(), c -> engine.withInstance(c, user.tenantId(), id, true, user.userId(),
                run -> FlowStore.task(c, user.tenantId(), id).flatMap(task -> {
                    // read under the instance's lock: a concurrent action has committed, or has not begun
                    if (task == null) {
                        throw new NotFound("TASK_NOT_FOUND", "There is no task '" + id + "'.");
                    }
                    if (!task.assignee().equals(user.userId())) {
                        throw new AccessDenied("TASK_NOT_YOURS", "This task is assigned to someone else.");
                    }
                    if (!task.open()) {
                        throw new Conflict("TASK_CLOSED", "waiting".equals(task.status())
                                ? "This task waits for a signer added before you."
                                : "This task is already " + (task.outcome() == null
                                        ? task.status()
                                        : task
                                                .outcome())
                                        + "; nothing was changed.");
                    }
                    ObjectNode token = run.inst.token(task.token());
                    if (token == null || token.get("visit").asInt() != task.visit() || !run.inst.running()) {
                        throw new Conflict("TASK_CLOSED", "The request moved on; this task no longer applies.");
                    }
                    return approvals.act(run, token, task, action, body);
                })).flatMap(run -> {
                    if (run == null) {
                        throw new NotFound("TASK_NOT_FOUND", "There is no task '" + id + "'.");
                    }
                    return load(c, user, run.inst).map(v -> {
                        Map<String, Object> out = new LinkedHashMap<>();
                        FlowStore.Task after = v.tasks().stream().filter(t -> t.id().equals(id)).findFirst()
                                .orElseThrow();
                        out.put("task", taskView(after, run.flow));
                        out.put("instance", v.view());
                        return out;
                    });
                }));
    }

    // ---- instances ----

    public Uni<Map<String, Object>> instance(TradewindPrincipal user, String instanceId) {
        UUID id = Assignees.uuidOrNull(instanceId);
        if (id == null) {
            throw notFound(instanceId);
        }
        return db.run(user.tenantId(), c -> FlowStore.read(c, user.tenantId(), id).flatMap(inst -> {
            if (inst == null) {
                throw notFound(instanceId);
            }
            return view(c, user, inst);
        }));
    }

    /** Withdraw and urge (the submitter), cancel and retry (administrators). */
    public Uni<Map<String, Object>> instanceAction(TradewindPrincipal user, String instanceId, String action,
            String comment) {
        UUID id = Assignees.uuidOrNull(instanceId);
        if (id == null) {
            throw notFound(instanceId);
        }
        if (!Set.of("withdraw", "urge", "cancel", "retry").contains(action)) {
            throw new NotFound("ACTION_NOT_FOUND", "Instances take the actions withdraw, urge, cancel and retry.");
        }
        return db.run(user.tenantId(), c -> FlowStore.read(c, user.tenantId(), id).flatMap(found -> {
            if (found == null) {
                throw notFound(instanceId);
            }
            return engine.withInstance(c, user.tenantId(), id, user.userId(), run -> switch (action) {
                case "withdraw" -> withdraw(run, user, comment);
                case "urge" -> urge(run, user, comment);
                case "cancel" -> cancel(run, user, comment);
                default -> retry(run, user);
            }).flatMap(run -> view(c, user, run.inst));
        }));
    }

    private Uni<Void> withdraw(FlowRun run, TradewindPrincipal user, String comment) {
        requireSubmitter(run, user, "withdraw");
        requireOffered(run, ApprovalNode.Action.WITHDRAW);
        return FlowStore.tasks(run.c, run.inst.tenant, run.inst.id).flatMap(tasks -> {
            boolean acted = tasks.stream().anyMatch(t -> t.completedBy() != null && !"resubmitted".equals(t
                    .outcome()));
            if (acted) {
                throw new Conflict("WITHDRAW_TOO_LATE", "Someone already acted on this request; it can no longer be"
                        + " withdrawn.");
            }
            run.event(null, "withdraw", comment, null);
            return ended(run, "withdrawn");
        });
    }

    private Uni<Void> urge(FlowRun run, TradewindPrincipal user, String comment) {
        requireSubmitter(run, user, "urge");
        requireOffered(run, ApprovalNode.Action.URGE);
        JsonNode last = run.inst.state.get("lastUrge");
        if (last != null && Instant.parse(last.asText()).plusSeconds(600).isAfter(run.now)) {
            throw new Conflict("URGE_TOO_SOON", "The assignees were reminded less than 10 minutes ago.");
        }
        run.inst.state.put("lastUrge", run.now.toString());
        return FlowStore.tasks(run.c, run.inst.tenant, run.inst.id).map(tasks -> {
            List<UUID> open = tasks.stream().filter(FlowStore.Task::open).map(FlowStore.Task::assignee).toList();
            run.note(open, "urge", Approvals.label(run) + " is waiting for you" + (comment == null
                    ? ""
                    : ": "
                            + comment));
            run.event(null, "urge", comment, null);
            return null;
        });
    }

    private Uni<Void> cancel(FlowRun run, TradewindPrincipal user, String comment) {
        requireAdmin(user, "cancel flow instances");
        if (!run.inst.running() && !"failed".equals(run.inst.status)) {
            throw new Conflict("INSTANCE_ENDED", "The instance has already ended (" + run.inst.status + ").");
        }
        run.event(null, "cancel", comment, null);
        return ended(run, "cancelled");
    }

    private Uni<Void> retry(FlowRun run, TradewindPrincipal user) {
        requireAdmin(user, "retry flow instances");
        if (!"failed".equals(run.inst.status)) {
            throw new Conflict("INSTANCE_NOT_FAILED", "Only a failed instance can be retried; this one is "
                    + run.inst.status + ".");
        }
        run.inst.status = Instance.RUNNING;
        run.inst.error = null;
        run.event(null, "retry", null, null);
        for (ObjectNode t : run.inst.liveTokens()) {
            if ("failed".equals(t.path("state").asText())) {
                run.go(t, t.get("node").asText());
            }
        }
        return FlowRun.done();
    }

    private Uni<Void> ended(FlowRun run, String status) {
        run.inst.status = status;
        run.inst.endedAt = run.now;
        run.inst.tokens().removeAll();
        return FlowStore.cancelTasks(run.c, run.inst.tenant, run.inst.id, null, run.now).replaceWithVoid();
    }

    private static void requireSubmitter(FlowRun run, TradewindPrincipal user, String action) {
        if (!user.userId().equals(run.inst.submitter)) {
            throw new AccessDenied("SUBMITTER_ONLY", "Only the submitter may " + action + " this request.");
        }
        if (!run.inst.running()) {
            throw new Conflict("INSTANCE_ENDED", "The request has already ended (" + run.inst.status + ").");
        }
    }

    private static void requireOffered(FlowRun run, ApprovalNode.Action action) {
        for (ObjectNode t : run.inst.liveTokens()) {
            if (run.flow.hasNode(t.get("node").asText())
                    && run.flow.node(t.get("node").asText()) instanceof ApprovalNode a
                    && a.actions().contains(action)) {
                return;
            }
        }
        throw new Conflict("ACTION_NOT_OFFERED", "'" + action.json() + "' is not offered where this request waits.");
    }

    private static void requireAdmin(TradewindPrincipal user, String what) {
        if (!user.isAdmin()) {
            throw new AccessDenied("ADMIN_ONLY", "Only administrators may " + what + ".");
        }
    }

    private static NotFound notFound(String id) {
        return new NotFound("INSTANCE_NOT_FOUND", "There is no flow instance '" + FlowCatalog.shorten(id) + "'.");
    }

    /**
     * The instance with its open tasks and full history, for someone involved (submitter, an assignee
     * past or present, an administrator) or who may read its record; 404 for anyone else.
     */
    Uni<Map<String, Object>> view(SqlConnection c, TradewindPrincipal user, Instance inst) {
        return load(c, user, inst).map(ViewData::view);
    }

    /** An instance's view and its tasks. */
    record ViewData(Map<String, Object> view, List<FlowStore.Task> tasks) {
    }

    Uni<ViewData> load(SqlConnection c, TradewindPrincipal user, Instance inst) {
        Map<UUID, String[]> names = new HashMap<>();
        return catalog.version(c, user.tenantId(), inst.definitionId).flatMap(f -> Uni.combine().all().unis(
                // both reads are sent together (one round trip); their answers arrive on the connection's thread
                FlowStore.tasksNamed(c, user.tenantId(), inst.id, names), FlowStore.eventsNamed(c, user.tenantId(),
                        inst.id, names))
                .asTuple().flatMap(both -> {
                    List<FlowStore.Task> tasks = both.getItem1();
                    List<FlowStore.Event> events = both.getItem2();
                    return mayRead(c, user, inst, tasks).flatMap(ok -> {
                        if (!ok) {
                            throw notFound(inst.id.toString());
                        }
                        Uni<Void> submitter = inst.submitter == null || names.containsKey(inst.submitter)
                                ? Uni.createFrom().voidItem()
                                : names(c, user.tenantId(), java.util.Set.of(inst.submitter)).invoke(
                                        names::putAll).replaceWithVoid();
                        return submitter.map(x -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("id", inst.id);
                            m.put("app", inst.app);
                            m.put("flow", inst.flowKey);
                            m.put("flowLabel", f.definition().label());
                            m.put("version", f.version());
                            m.put("status", inst.status);
                            m.put("error", inst.error);
                            if (inst.recordId != null) {
                                m.put("record",
                                        Map.of("app", inst.app, "form", inst.form, "id", inst.recordId));
                            }
                            m.put("submitter", person(inst.submitter, names));
                            m.put("parent", inst.parentId);
                            m.put("startedAt", inst.startedAt);
                            m.put("endedAt", inst.endedAt);
                            List<Map<String, Object>> tokens = new ArrayList<>();
                            inst.liveTokens().forEach(t -> tokens.add(Map.of("node", t.get("node").asText(),
                                    "state", t.get("state").asText())));
                            m.put("waitingAt", tokens);
                            m.put("outputs", inst.outputs());
                            m.put("openTasks", tasks.stream().filter(FlowStore.Task::open).map(t -> {
                                Map<String, Object> tv = taskView(t, f);
                                tv.put("assignee", person(t.assignee(), names));
                                return tv;
                            }).toList());
                            m.put("history", events.stream().map(e -> {
                                Map<String, Object> ev = new LinkedHashMap<>();
                                ev.put("seq", e.seq());
                                ev.put("at", e.at());
                                ev.put("actor", person(e.actor(), names));
                                ev.put("node", e.node());
                                ev.put("action", e.action());
                                ev.put("comment", e.comment());
                                ev.put("detail", e.detail());
                                return ev;
                            }).toList());
                            return new ViewData(m, tasks);
                        });
                    });
                }));
    }

    private Uni<Boolean> mayRead(SqlConnection c, TradewindPrincipal user, Instance inst, List<FlowStore.Task> tasks) {
        if (user.isAdmin() || user.userId().equals(inst.submitter)
                || tasks.stream().anyMatch(t -> t.assignee().equals(user.userId()))) {
            return Uni.createFrom().item(true);
        }
        if (inst.recordId == null || inst.form == null) {
            return Uni.createFrom().item(false);
        }
        return records.bound(c).get(user, inst.app, inst.form, inst.recordId.toString()).map(r -> true)
                .onFailure().recoverWithItem(false);
    }

    private static Map<String, Object> person(UUID id, Map<UUID, String[]> names) {
        if (id == null) {
            return null;
        }
        String[] n = names.get(id);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("username", n == null ? null : n[0]);
        m.put("displayName", n == null ? null : n[1]);
        return m;
    }

    private static Uni<Map<UUID, String[]>> names(SqlConnection c, String tenant, Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return c.preparedQuery("select id, username, display_name from app_user where tenant_id = $1 and id ="
                + " any($2)").execute(Tuple.of(tenant, ids.toArray(new UUID[0]))).map(rows -> {
                    Map<UUID, String[]> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getUUID(0), new String[]{r.getString(1), r.getString(2)}));
                    return out;
                });
    }

    static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw InvalidInput.of("/limit", "LIMIT_INVALID", "'limit' is a whole number from 1 to " + MAX_LIMIT + ".");
    }
}
