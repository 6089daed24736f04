package io.tradewind.runtime.flow;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.web.JsonBodies;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** The SQL of the flow engine; every method runs on the caller's (tenant) transaction. */
final class FlowStore {
    static final String INSTANCE_COLUMNS = "id, app_key, flow_key, definition_id, status, form_key, record_id,"
            + " submitter, parent_id, state::text, error, started_at, ended_at";
    static final String TASK_COLUMNS = "id, instance_id, token, visit, node_key, kind, assignee, status, outcome,"
            + " comment, detail::text, created_at, due_at, completed_at, completed_by";

    private FlowStore() {
    }

    /** One task row. */
    record Task(UUID id, UUID instanceId, int token, int visit, String node, String kind, UUID assignee,
            String status, String outcome, String comment, ObjectNode detail, Instant createdAt, Instant dueAt,
            Instant completedAt, UUID completedBy) {

        boolean open() {
            return "open".equals(status);
        }
    }

    /** One history entry. */
    record Event(int seq, Instant at, UUID actor, String node, String action, String comment, JsonNode detail) {
    }

    /** Inserts a new instance; false when one with the same start key exists (a repeated trigger). */
    static Uni<Boolean> insert(SqlConnection c, Instance i, String startKey) {
        return c.preparedQuery("insert into flow_instance (tenant_id, id, app_key, flow_key, definition_id, status,"
                + " form_key, record_id, submitter, start_key, parent_id, state, started_at, updated_at) values ($1, $2,"
                + " $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text::jsonb, $13, $13)"
                + " on conflict (tenant_id, start_key) do nothing returning id")
                .execute(Tuple.from(new Object[]{i.tenant, i.id, i.app, i.flowKey, i.definitionId, i.status, i.form,
                        i.recordId, i.submitter, startKey, i.parentId, i.state.toString(), utc(i.startedAt)}))
                .map(rows -> rows.size() == 1);
    }

    /**
     * Runs statements of one connection together: each is subscribed (so sent) before the previous one
     * has answered, and PostgreSQL runs them in that order; fails with the first failure once all have
     * ended.
     */
    static Uni<Void> inOrder(List<Uni<?>> steps) {
        if (steps.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Throwable>> outcomes = new ArrayList<>();
        for (Uni<?> step : steps) {
            outcomes.add(step.map(v -> (Throwable) null).onFailure().recoverWithItem(f -> f));
        }
        return Uni.combine().all().unis(outcomes).with(list -> {
            for (Object f : list) {
                if (f instanceof RuntimeException r) {
                    throw r;
                }
                if (f instanceof Throwable t) {
                    throw new IllegalStateException(t);
                }
            }
            return null;
        }).replaceWithVoid();
    }

    /**
     * An instance locked together with its record as it is now (null when it has none or it is gone).
     */
    record Locked(Instance instance, io.tradewind.runtime.form.RecordRow record) {
    }

    /**
     * The instance, locked for this transaction, and its record, in one round trip; null when there is
     * none.
     */
    static Uni<Locked> lockWithRecord(SqlConnection c, String tenant, UUID id) {
        return lockWithRecord(c, tenant, id, false);
    }

    /**
     * As {@link #lockWithRecord(SqlConnection, String, UUID)}; with {@code byTask}, {@code id} is a
     * task's and its instance is locked.
     */
    static Uni<Locked> lockWithRecord(SqlConnection c, String tenant, UUID id, boolean byTask) {
        return c.preparedQuery(lockSql(byTask)).execute(Tuple.of(tenant, id)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            io.tradewind.runtime.form.RecordRow record = r.getUUID(13) == null
                    ? null
                    : new io.tradewind.runtime.form.RecordRow(r.getUUID(13), r.getInteger(14),
                            (ObjectNode) parse(r.getString(15)), r.getUUID(16), r.getOffsetDateTime(17),
                            r.getUUID(18), r.getOffsetDateTime(19), r.getUUID(20));
            return new Locked(instance(tenant, r), record);
        });
    }

    /**
     * Locks the instance $2 (with {@code byTask}: the instance of the task $2) of tenant $1 and reads
     * its record by primary key (see RecordStore's class comment).
     */
    static String lockSql(boolean byTask) {
        String which = byTask
                ? "(select k.instance_id from flow_task k where k.tenant_id = $1 and k.id = $2)"
                : "$2";
        return "select i." + INSTANCE_COLUMNS.replace(", ", ", i.") + ", r.id, r.version, r.data::text, r.owner,"
                + " r.created_at, r.created_by, r.updated_at, r.updated_by from flow_instance i left join record r on"
                + " r.tenant_id = i.tenant_id and r.id = i.record_id and (r.app_key = i.app_key and r.form_key ="
                + " i.form_key) is true where i.tenant_id = $1 and i.id = " + which + " for update of i";
    }

    /** The instance without a lock; null when there is none. */
    static Uni<Instance> read(SqlConnection c, String tenant, UUID id) {
        return c.preparedQuery("select " + INSTANCE_COLUMNS + " from flow_instance where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenant, id))
                .map(rows -> rows.size() == 0 ? null : instance(tenant, rows.iterator().next()));
    }

    static Uni<Void> save(SqlConnection c, Instance i, Instant now) {
        return c.preparedQuery("update flow_instance set status = $3, state = $4::text::jsonb, error = $5,"
                + " updated_at = $6, ended_at = $7, definition_id = $8 where tenant_id = $1 and id = $2")
                .execute(Tuple.from(new Object[]{i.tenant, i.id, i.status, i.state.toString(), i.error, utc(now),
                        i.endedAt == null ? null : utc(i.endedAt), i.definitionId}))
                .replaceWithVoid();
    }

    static Instance instance(String tenant, Row r) {
        return new Instance(tenant, r.getUUID(0), r.getString(1), r.getString(2), r.getUUID(3), r.getString(4),
                r.getString(5), r.getUUID(6), r.getUUID(7), r.getUUID(8), (ObjectNode) parse(r.getString(9)),
                r.getString(10), instant(r.getOffsetDateTime(11)), instant(r.getOffsetDateTime(12)));
    }

    static Uni<Void> insertTasks(SqlConnection c, String tenant, List<Task> tasks) {
        if (tasks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>();
        for (Task t : tasks) {
            batch.add(Tuple.from(new Object[]{tenant, t.id(), t.instanceId(), t.token(), t.visit(), t.node(),
                    t.kind(), t.assignee(), t.status(), t.detail().toString(), utc(t.createdAt()),
                    t.dueAt() == null ? null : utc(t.dueAt())}));
        }
        return c.preparedQuery("insert into flow_task (tenant_id, id, instance_id, token, visit, node_key, kind,"
                + " assignee, status, detail, created_at, due_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                + " $10::text::jsonb, $11, $12)").executeBatch(batch).replaceWithVoid();
    }

    static Uni<Task> task(SqlConnection c, String tenant, UUID id) {
        return c.preparedQuery("select " + TASK_COLUMNS + " from flow_task where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenant, id)).map(rows -> rows.size() == 0 ? null : task(rows.iterator().next()));
    }

    /** The tasks of an instance, oldest first. */
    static Uni<List<Task>> tasks(SqlConnection c, String tenant, UUID instance) {
        return c.preparedQuery("select " + TASK_COLUMNS + " from flow_task where tenant_id = $1 and instance_id = $2"
                + " order by created_at, id").execute(Tuple.of(tenant, instance)).map(rows -> {
                    List<Task> out = new ArrayList<>();
                    rows.forEach(r -> out.add(task(r)));
                    return out;
                });
    }

    /** The tasks of an instance, oldest first; the assignees' names go into {@code names}. */
    static Uni<List<Task>> tasksNamed(SqlConnection c, String tenant, UUID instance, Map<UUID, String[]> names) {
        return c.preparedQuery("select " + prefixed("k", TASK_COLUMNS) + ", u.username, u.display_name from flow_task"
                + " k left join app_user u on u.tenant_id = k.tenant_id and u.id = k.assignee where k.tenant_id = $1"
                + " and k.instance_id = $2 order by k.created_at, k.id").execute(Tuple.of(tenant, instance))
                .map(rows -> {
                    List<Task> out = new ArrayList<>();
                    rows.forEach(r -> {
                        Task t = task(r);
                        out.add(t);
                        if (r.getString(15) != null) {
                            names.put(t.assignee(), new String[]{r.getString(15), r.getString(16)});
                        }
                    });
                    return out;
                });
    }

    /** The history of an instance; the actors' names go into {@code names}. */
    static Uni<List<Event>> eventsNamed(SqlConnection c, String tenant, UUID instance, Map<UUID, String[]> names) {
        return c.preparedQuery("select e.seq, e.at, e.actor, e.node_key, e.action, e.comment, e.detail::text,"
                + " u.username, u.display_name from flow_event e left join app_user u on u.tenant_id = e.tenant_id"
                + " and u.id = e.actor where e.tenant_id = $1 and e.instance_id = $2 order by e.seq")
                .execute(Tuple.of(tenant, instance)).map(rows -> {
                    List<Event> out = new ArrayList<>();
                    rows.forEach(r -> {
                        out.add(new Event(r.getInteger(0), instant(r.getOffsetDateTime(1)), r.getUUID(2), r
                                .getString(3), r.getString(4), r.getString(5),
                                r.getString(6) == null
                                        ? null
                                        : parse(r.getString(6))));
                        if (r.getUUID(2) != null && r.getString(7) != null) {
                            names.put(r.getUUID(2), new String[]{r.getString(7), r.getString(8)});
                        }
                    });
                    return out;
                });
    }

    static String prefixed(String alias, String columns) {
        StringBuilder sb = new StringBuilder();
        for (String col : columns.split(",\\s*")) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(alias).append('.').append(col);
        }
        return sb.toString();
    }

    static Task task(Row r) {
        return new Task(r.getUUID(0), r.getUUID(1), r.getInteger(2), r.getInteger(3), r.getString(4), r.getString(5),
                r.getUUID(6), r.getString(7), r.getString(8), r.getString(9), (ObjectNode) parse(r.getString(10)),
                instant(r.getOffsetDateTime(11)), instant(r.getOffsetDateTime(12)), instant(r.getOffsetDateTime(13)),
                r.getUUID(14));
    }

    /** Closes a task; false when it was no longer open or waiting (someone acted first). */
    static Uni<Boolean> close(SqlConnection c, String tenant, UUID task, String status, String outcome,
            String comment, UUID by, Instant at) {
        return c.preparedQuery("update flow_task set status = $3, outcome = $4, comment = $5, completed_by = $6,"
                + " completed_at = $7 where tenant_id = $1 and id = $2 and status in ('open', 'waiting')")
                .execute(Tuple.from(new Object[]{tenant, task, status, outcome, comment, by, utc(at)}))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Sets the status of a task (open / waiting). */
    static Uni<Void> setStatus(SqlConnection c, String tenant, UUID task, String status) {
        return c.preparedQuery("update flow_task set status = $3 where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenant, task, status)).replaceWithVoid();
    }

    /** Cancels every open or waiting task of a token (all tokens when {@code token} is null). */
    static Uni<List<UUID>> cancelTasks(SqlConnection c, String tenant, UUID instance, Integer token, Instant at) {
        return c.preparedQuery("update flow_task set status = 'cancelled', completed_at = $4 where tenant_id = $1"
                + " and instance_id = $2 and ($3::int is null or token = $3) and status in ('open', 'waiting')"
                + " returning assignee").execute(Tuple.of(tenant, instance, token, utc(at))).map(rows -> {
                    List<UUID> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getUUID(0)));
                    return out;
                });
    }

    /** The history rows of a run, in one statement (one execution however many rows). */
    static Uni<Void> insertEvents(SqlConnection c, String tenant, UUID instance, List<Event> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = events.size();
        Integer[] seq = new Integer[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        String[] actor = new String[n];
        String[] node = new String[n];
        String[] action = new String[n];
        String[] comment = new String[n];
        String[] detail = new String[n];
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            seq[i] = e.seq();
            at[i] = utc(e.at());
            actor[i] = e.actor() == null ? null : e.actor().toString();
            node[i] = e.node();
            action[i] = e.action();
            comment[i] = e.comment();
            detail[i] = e.detail() == null ? null : e.detail().toString();
        }
        return c.preparedQuery("insert into flow_event (tenant_id, instance_id, seq, at, actor, node_key, action,"
                + " comment, detail) select $1, $2, x.seq, x.at, x.actor::uuid, x.node, x.action, x.comment,"
                + " x.detail::jsonb from unnest($3::int[], $4::timestamptz[], $5::text[], $6::text[], $7::text[],"
                + " $8::text[], $9::text[]) as x(seq, at, actor, node, action, comment, detail)")
                .execute(Tuple.from(new Object[]{tenant, instance, seq, at, actor, node, action,
                        comment, detail}))
                .replaceWithVoid();
    }

    static JsonNode parse(String json) {
        try {
            return JsonBodies.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("TW-FLOW-005 stored flow state is not JSON", e);
        }
    }

    static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
