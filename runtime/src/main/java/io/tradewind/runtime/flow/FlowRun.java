package io.tradewind.runtime.flow;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.flow.ConditionNode;
import io.tradewind.model.flow.CreateNode;
import io.tradewind.model.flow.DelayNode;
import io.tradewind.model.flow.DeleteNode;
import io.tradewind.model.flow.EndNode;
import io.tradewind.model.flow.FlowNode;
import io.tradewind.model.flow.HttpNode;
import io.tradewind.model.flow.JoinNode;
import io.tradewind.model.flow.NotifyNode;
import io.tradewind.model.flow.ParallelNode;
import io.tradewind.model.flow.QueryNode;
import io.tradewind.model.flow.ScriptNode;
import io.tradewind.model.flow.SubflowNode;
import io.tradewind.model.flow.UpdateNode;
import io.tradewind.model.flow.WaitUntilNode;
import io.tradewind.runtime.error.TradewindException;
import io.tradewind.runtime.form.CompiledForm;
import io.tradewind.runtime.form.RecordRow;
import io.tradewind.runtime.job.NewJob;
import io.tradewind.runtime.security.TradewindPrincipal;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * One transaction's work on one flow instance: an agenda of small operations ("token T arrives at
 * node N") run one after another until every token waits or the instance ends; no recursion through
 * the graph. What the run produces (history, tasks, notifications) is collected and written at the
 * end with the instance's state, in the transaction of the change that caused the run. A node that
 * fails rolls back to a savepoint taken before it, and the instance becomes {@code failed} with the
 * error, so the person who acted keeps their action and an admin can retry the failed step.
 */
final class FlowRun {
    static final int MAX_STEPS = 1000;

    /** One operation of the agenda: token {@code token} arrives at node {@code node}. */
    record Arrive(int token, String node) {
    }

    /** An in-app notification to write. */
    record Note(UUID user, String kind, String title, ObjectNode link) {
    }

    final FlowEngine engine;
    final SqlConnection c;
    final Instance inst;
    CompiledFlow flow;
    final UUID actor;
    final Instant now;
    ZoneId zone = java.time.ZoneOffset.UTC;
    RecordRow record;
    final Deque<Arrive> agenda = new ArrayDeque<>();
    final List<FlowStore.Event> events = new ArrayList<>();
    final List<FlowStore.Task> tasks = new ArrayList<>();
    final List<Note> notes = new ArrayList<>();
    /**
     * The run of the parent instance when this one is a sub-flow started by it in the same transaction.
     */
    FlowRun parentRun;
    /** The visit of the token whose node runs now: a key for the node's side effects. */
    int currentVisit;
    /** The node where this run failed, or null. */
    String failedNode;
    private int steps;

    FlowRun(FlowEngine engine, SqlConnection c, Instance inst, CompiledFlow flow, UUID actor, Instant now) {
        this.engine = engine;
        this.c = c;
        this.inst = inst;
        this.flow = flow;
        this.actor = actor;
        this.now = now;
    }

    // ---- context ----

    TradewindPrincipal system() {
        return new TradewindPrincipal(inst.tenant, actor, "flow:" + inst.flowKey, Set.of(TradewindPrincipal.ADMIN),
                null);
    }

    CompiledForm.EvalEnv env() {
        Set<String> changed = new LinkedHashSet<>();
        JsonNode ch = inst.state.get("changed");
        if (ch != null) {
            ch.forEach(f -> changed.add(f.asText()));
        }
        return new CompiledForm.EvalEnv(now, zone, changed, "en");
    }

    /**
     * What expressions see: the record with its system fields, submitter, settings, outputs, decision,
     * payload.
     */
    ObjectNode bindings() {
        ObjectNode b = Instance.JSON.objectNode();
        ObjectNode data = record != null ? record.data() : (ObjectNode) inst.state.get("lastValues");
        if (data != null) {
            b.setAll(data);
        }
        if (record != null) {
            b.put("id", record.id().toString());
            b.put("version", record.version());
            putUser(b, "owner", record.owner());
            putUser(b, "createdBy", record.createdBy());
            putUser(b, "updatedBy", record.updatedBy());
            b.put("createdAt", record.createdAt().toInstant().toString());
            b.put("updatedAt", record.updatedAt().toInstant().toString());
        } else if (inst.recordId != null) {
            b.put("id", inst.recordId.toString());
        }
        putUser(b, "submitter", inst.submitter);
        b.set("settings", engine.settings(inst.tenant, inst.app));
        b.set("outputs", inst.outputs());
        b.set("decision", inst.state.get("decision"));
        if (inst.state.has("payload")) {
            b.set("payload", inst.state.get("payload"));
        }
        return b;
    }

    private static void putUser(ObjectNode b, String key, UUID u) {
        if (u == null) {
            b.putNull(key);
        } else {
            b.put(key, u.toString());
        }
    }

    JsonNode eval(String expr, String pointer) {
        return flow.eval(expr, bindings(), env(), pointer);
    }

    String render(String text, String pointer) {
        return flow.render(text, bindings(), env(), pointer);
    }

    String render(String text, String pointer, java.util.function.UnaryOperator<String> escape) {
        return flow.render(text, bindings(), env(), pointer, escape);
    }

    void event(String node, String action, String comment, JsonNode detail) {
        event(actor, node, action, comment, detail);
    }

    void event(UUID by, String node, String action, String comment, JsonNode detail) {
        events.add(new FlowStore.Event(inst.nextSeq(), now, by, node, action, comment, detail));
    }

    /** Reads the flow's record again (after a node changed it). */
    Uni<Void> reloadRecord() {
        if (inst.recordId == null || inst.form == null) {
            return Uni.createFrom().voidItem();
        }
        return engine.store().bound(c).find(inst.tenant, inst.app, inst.form, inst.recordId).map(r -> {
            record = r;
            return null;
        });
    }

    // ---- the agenda ----

    /** Sends a token to a node (as a new visit) and queues its arrival. */
    void go(ObjectNode token, String node) {
        inst.visit(token, node);
        agenda.add(new Arrive(token.get("id").asInt(), node));
    }

    /** Runs the agenda until it is empty or the instance is no longer running. */
    Uni<Void> drain() {
        Arrive op = agenda.poll();
        if (op == null || !inst.running()) {
            return Uni.createFrom().voidItem();
        }
        if (++steps > MAX_STEPS) {
            return fail(op, "FLOW_STEP_LIMIT", "The instance ran " + MAX_STEPS + " steps without waiting; a loop"
                    + " without an approval, task or timer?", null);
        }
        ObjectNode token = inst.token(op.token());
        if (token == null || !op.node().equals(token.get("node").asText())) {
            return drain();
        }
        FlowNode node = flow.node(op.node());
        currentVisit = token.get("visit").asInt();
        boolean writes = node instanceof CreateNode || node instanceof UpdateNode || node instanceof DeleteNode
                || node instanceof SubflowNode;
        ObjectNode snapshot = inst.state.deepCopy();
        int ev = events.size();
        int ts = tasks.size();
        int ns = notes.size();
        Uni<Void> savepoint = writes
                ? c.query("savepoint flow_step").execute().replaceWithVoid()
                : Uni.createFrom().voidItem();
        return savepoint.flatMap(x -> arrive(token, node)).onFailure(FlowRun::recoverable).recoverWithUni(e -> {
            Uni<Void> back = writes
                    ? c.query("rollback to savepoint flow_step").execute().replaceWithVoid()
                    : Uni.createFrom().voidItem();
            return back.flatMap(y -> {
                inst.state.removeAll();
                inst.state.setAll(snapshot);
                truncate(events, ev);
                truncate(tasks, ts);
                truncate(notes, ns);
                agenda.clear();
                String code = e instanceof TradewindException t ? t.code() : "FLOW_STEP_FAILED";
                String pointer = e instanceof TradewindException t && !t.violations().isEmpty()
                        ? t.violations().get(0).pointer()
                        : null;
                return fail(op, code, message(e), pointer);
            });
        }).flatMap(x -> drain());
    }

    private static boolean recoverable(Throwable e) {
        return e instanceof TradewindException || e instanceof IllegalArgumentException
                || e instanceof DateTimeParseException;
    }

    private static String message(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.length() > 1000 ? m.substring(0, 1000) + "…" : m;
    }

    private static <T> void truncate(List<T> list, int size) {
        while (list.size() > size) {
            list.remove(list.size() - 1);
        }
    }

    /** Marks the instance failed at the token's node. */
    private Uni<Void> fail(Arrive op, String code, String message, String pointer) {
        ObjectNode token = inst.token(op.token());
        if (token != null) {
            token.put("state", "failed");
        }
        inst.status = "failed";
        inst.error = code + ": " + message;
        ObjectNode detail = Instance.JSON.objectNode().put("code", code).put("message", message);
        if (pointer != null) {
            detail.put("pointer", pointer);
        }
        event(null, op.node(), "failed", null, detail);
        failedNode = op.node();
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> arrive(ObjectNode token, FlowNode node) {
        String k = node.key();
        return switch (node) {
            case ConditionNode n -> {
                for (int i = 0; i < n.branches().size(); i++) {
                    if (CompiledFlow.truthy(eval(n.branches().get(i).when(), "/nodes/" + k + "/branches/" + i))) {
                        go(token, n.branches().get(i).next());
                        yield done();
                    }
                }
                go(token, n.otherwise());
                yield done();
            }
            case ParallelNode n -> {
                int group = inst.state.get("nextToken").asInt() * 1000 + inst.state.get("visits").asInt();
                inst.state.with("groups").putObject(Integer.toString(group)).put("size", n.branches().size())
                        .put("parent", token.get("group").asInt());
                inst.removeToken(token.get("id").asInt());
                for (String b : n.branches()) {
                    go(inst.newToken(b, group), b);
                }
                yield done();
            }
            case JoinNode n -> {
                token.put("state", "joined");
                int group = token.get("group").asInt();
                JsonNode g = inst.state.with("groups").get(Integer.toString(group));
                List<ObjectNode> here = inst.liveTokens().stream().filter(t -> t.get("group").asInt() == group
                        && t.get("node").asText().equals(k) && "joined".equals(t.get("state").asText())).toList();
                if (g != null && here.size() >= g.get("size").asInt()) {
                    here.forEach(t -> inst.removeToken(t.get("id").asInt()));
                    ((ObjectNode) inst.state.get("groups")).remove(Integer.toString(group));
                    go(inst.newToken(n.next(), g.get("parent").asInt()), n.next());
                }
                yield done();
            }
            case EndNode n -> end(n.key(), n.outcome().json());
            case CreateNode n -> engine.records().create(this, token, n);
            case UpdateNode n -> engine.records().update(this, token, n);
            case DeleteNode n -> engine.records().delete(this, token, n);
            case QueryNode n -> engine.records().query(this, token, n);
            case NotifyNode n -> engine.notifier().notify(this, n).invoke(() -> go(token, n.next()));
            case ScriptNode n -> {
                JsonNode out = eval(n.script(), "/nodes/" + k + "/script");
                inst.outputs().set(k, out);
                event(k, "script", null, null);
                go(token, n.next());
                yield done();
            }
            case DelayNode n -> waitUntil(token, k, now.plus(Duration.parse(n.duration())));
            case WaitUntilNode n -> {
                Instant at = moment(eval(n.until(), "/nodes/" + k + "/until"), "/nodes/" + k + "/until");
                if (!at.isAfter(now)) {
                    go(token, n.next());
                    yield done();
                }
                yield waitUntil(token, k, at);
            }
            case HttpNode n -> {
                token.put("state", "waiting");
                token.putObject("wait").put("kind", "http");
                yield engine.enqueue(c, inst.tenant, NewJob.of(FlowJobs.HTTP, timerPayload(token, "http"))
                        .maxAttempts(5).idempotencyKey("http:" + inst.id + ":" + token.get("visit").asInt()));
            }
            case SubflowNode n -> engine.startSubflow(this, token, n);
            case io.tradewind.model.flow.ApprovalNode n -> engine.approvals().enter(this, token, n);
            case io.tradewind.model.flow.TaskNode n -> engine.approvals().enter(this, token, n);
        };
    }

    static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }

    /** Parks a token until {@code at}: a timer job wakes it. */
    Uni<Void> waitUntil(ObjectNode token, String node, Instant at) {
        token.put("state", "waiting");
        token.putObject("wait").put("kind", "timer").put("until", at.toString());
        event(null, node, "wait", null, Instance.JSON.objectNode().put("until", at.toString()));
        return engine.enqueue(c, inst.tenant, NewJob.of(FlowJobs.TIMER, timerPayload(token, "wake")).dueAt(at));
    }

    ObjectNode timerPayload(ObjectNode token, String kind) {
        return Instance.JSON.objectNode().put("instance", inst.id.toString()).put("token", token.get("id").asInt())
                .put("visit", token.get("visit").asInt()).put("kind", kind);
    }

    /** A date ("2026-12-01", start of that day in the tenant zone) or an ISO date-time. */
    Instant moment(JsonNode v, String pointer) {
        if (v == null || !v.isTextual()) {
            throw io.tradewind.runtime.error.InvalidInput.of(pointer, "FLOW_BAD_MOMENT", "The moment to wait for is"
                    + " not a date or date-time: " + v + ".");
        }
        String s = v.textValue();
        if (s.length() == 10) {
            return LocalDate.parse(s).atStartOfDay(zone).toInstant();
        }
        return OffsetDateTime.parse(s).toInstant();
    }

    /** Ends the instance with an outcome; open tasks are cancelled and a waiting parent moves on. */
    Uni<Void> end(String node, String outcome) {
        inst.status = outcome;
        inst.endedAt = now;
        inst.tokens().removeAll();
        event(null, node, "end", null, Instance.JSON.objectNode().put("outcome", outcome));
        return FlowStore.cancelTasks(c, inst.tenant, inst.id, null, now).flatMap(x -> engine.resumeParent(this));
    }

    /** Adds the users to the in-app inbox. */
    void note(List<UUID> users, String kind, String title) {
        ObjectNode link = Instance.JSON.objectNode().put("instance", inst.id.toString()).put("app", inst.app);
        if (inst.recordId != null) {
            link.put("form", inst.form).put("record", inst.recordId.toString());
        }
        for (UUID u : new LinkedHashSet<>(users)) {
            if (u != null) {
                notes.add(new Note(u, kind, title.length() > 2000 ? title.substring(0, 2000) : title, link));
            }
        }
    }

    /** The outputs of a query node, as a list of record ids. */
    List<UUID> outputIds(String node) {
        List<UUID> out = new ArrayList<>();
        JsonNode v = inst.outputs().get(node);
        if (v instanceof ArrayNode a) {
            a.forEach(r -> out.add(UUID.fromString(r.get("id").asText())));
        }
        return out;
    }

    /** The record representation an output holds: system fields next to the values. */
    static ObjectNode output(RecordRow r) {
        ObjectNode o = r.data().deepCopy();
        o.put("id", r.id().toString());
        o.put("version", r.version());
        putUser(o, "owner", r.owner());
        putUser(o, "createdBy", r.createdBy());
        o.put("createdAt", r.createdAt().toInstant().toString());
        o.put("updatedAt", r.updatedAt().toInstant().toString());
        return o;
    }

}
