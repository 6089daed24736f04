package io.tradewind.runtime.flow;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.flow.FlowTrigger;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.form.RecordRow;
import io.tradewind.runtime.job.JobContext;
import io.tradewind.runtime.job.JobHandler;
import io.tradewind.runtime.job.JobQueue;
import io.tradewind.runtime.job.NewJob;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The job kinds of the flow engine and their handlers (each runs in the job's completion
 * transaction).
 */
public final class FlowJobs {
    /** A record of a watched form was written: start matching flows, plan relative-date timers. */
    public static final String RECORD = "flow.record";
    /** A relative-date moment came: start the flow if the record still matches. */
    public static final String RELATIVE = "flow.relative";
    /** A schedule fired: start the flow and plan the next time. */
    public static final String SCHEDULE = "flow.schedule";
    /** A delay, wait-until or deadline of an instance. */
    public static final String TIMER = "flow.timer";
    /** An HTTP request node. */
    public static final String HTTP = "flow.http";

    private FlowJobs() {
    }

    /** Starts the flows a record write triggers. */
    @ApplicationScoped
    public static class RecordHandler implements JobHandler {
        @Inject
        FlowEngine engine;
        @Inject
        FlowBreaker breaker;
        @Inject
        JobQueue jobs;
        @Inject
        TradewindClock clock;

        @Override
        public String kind() {
            return RECORD;
        }

        @Override
        public Uni<Void> handle(JobContext job) {
            JsonNode p = job.payload();
            String app = p.get("app").asText();
            String form = p.get("form").asText();
            UUID record = UUID.fromString(p.get("record").asText());
            String action = p.get("action").asText();
            int version = p.get("version").asInt();
            UUID actor = p.hasNonNull("actor") ? UUID.fromString(p.get("actor").asText()) : null;
            SqlConnection c = job.connection();
            String sql = action.equals("delete")
                    ? "select before::text, after::text from record_history where tenant_id = $1 and record_id = $2"
                            + " and action = 'delete' and $3::int = $3 order by seq desc limit 1"
                    : "select before::text, after::text from record_history where tenant_id = $1 and record_id = $2"
                            + " and version = $3 and action = $4";
            Tuple args = action.equals("delete")
                    ? Tuple.of(job.tenant(), record, version)
                    : Tuple.of(job.tenant(), record, version, action);
            return c.preparedQuery(sql).execute(args).flatMap(rows -> {
                if (rows.size() == 0) {
                    return Uni.createFrom().voidItem();
                }
                var r = rows.iterator().next();
                ObjectNode before = r.getString(0) == null ? null : (ObjectNode) FlowStore.parse(r.getString(0));
                ObjectNode after = r.getString(1) == null ? null : (ObjectNode) FlowStore.parse(r.getString(1));
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (CompiledFlow f : engine.catalog().flows(job.tenant(), app).values()) {
                    if (!form.equals(f.definition().form())) {
                        continue;
                    }
                    FlowTrigger t = f.definition().trigger();
                    boolean matches = t instanceof FlowTrigger.RecordCreated && action.equals("create")
                            || t instanceof FlowTrigger.RecordUpdated && action.equals("update")
                            || t instanceof FlowTrigger.RecordDeleted && action.equals("delete");
                    if (matches) {
                        List<String> changed = changed(before, after);
                        ObjectNode values = action.equals("delete") ? before : after;
                        String key = f.key() + ":" + record + ":" + (action.equals("delete")
                                ? "delete"
                                : version
                                        + ":" + action);
                        chain = chain.flatMap(x -> startIf(engine, breaker, c, job.tenant(), f, record, values,
                                changed, actor, key, action.equals("delete") ? before : null));
                    } else if (t instanceof FlowTrigger.RelativeDate rd && !action.equals("delete")) {
                        chain = chain.flatMap(x -> planRelative(c, job.tenant(), f, rd, record, after));
                    }
                }
                return chain;
            });
        }

        private Uni<Void> planRelative(SqlConnection c, String tenant, CompiledFlow f, FlowTrigger.RelativeDate rd,
                UUID record, ObjectNode values) {
            return FlowSchedules.zone(c, tenant).flatMap(zone -> {
                Instant due = due(rd, values, zone);
                if (due == null) {
                    return Uni.createFrom().voidItem();
                }
                var payload = Instance.JSON.objectNode().put("app", f.app()).put("flow", f.key()).put("record",
                        record.toString()).put("due", due.toString());
                return jobs.enqueue(c, tenant, NewJob.of(RELATIVE, payload).dueAt(due).idempotencyKey("rel:" + f
                        .key() + ":" + record + ":" + due)).replaceWithVoid();
            });
        }
    }

    /**
     * Starts a relative-date flow when its moment comes, if the record still has that moment and
     * matches.
     */
    @ApplicationScoped
    public static class RelativeHandler implements JobHandler {
        @Inject
        FlowEngine engine;
        @Inject
        FlowBreaker breaker;

        @Override
        public String kind() {
            return RELATIVE;
        }

        @Override
        public Uni<Void> handle(JobContext job) {
            JsonNode p = job.payload();
            CompiledFlow f = engine.catalog().flows(job.tenant(), p.get("app").asText()).get(p.get("flow").asText());
            if (f == null || !(f.definition().trigger() instanceof FlowTrigger.RelativeDate rd)) {
                return Uni.createFrom().voidItem();
            }
            UUID record = UUID.fromString(p.get("record").asText());
            SqlConnection c = job.connection();
            return engine.store().bound(c).find(job.tenant(), f.app(), f.definition().form(), record).flatMap(
                    row -> {
                        if (row == null) {
                            return Uni.createFrom().voidItem();
                        }
                        return FlowSchedules.zone(c, job.tenant()).flatMap(zone -> {
                            Instant due = due(rd, systemFields(row), zone);
                            if (due == null || !due.toString().equals(p.get("due").asText())) {
                                return Uni.createFrom().voidItem(); // the date moved: a newer timer exists
                            }
                            return startIf(engine, breaker, c, job.tenant(), f, record, row.data(), List.of(), null,
                                    "rel:" + f.key() + ":" + record + ":" + due, null);
                        });
                    });
        }
    }

    /** Starts a scheduled flow and plans its next time. */
    @ApplicationScoped
    public static class ScheduleHandler implements JobHandler {
        @Inject
        FlowEngine engine;
        @Inject
        FlowBreaker breaker;
        @Inject
        FlowSchedules schedules;

        @Override
        public String kind() {
            return SCHEDULE;
        }

        @Override
        public Uni<Void> handle(JobContext job) {
            JsonNode p = job.payload();
            String app = p.get("app").asText();
            CompiledFlow f = engine.catalog().flows(job.tenant(), app).get(p.get("flow").asText());
            if (f == null || !(f.definition().trigger() instanceof FlowTrigger.Schedule s)
                    || !s.cron().equals(p.get("cron").asText())) {
                return Uni.createFrom().voidItem(); // the flow or its time table changed since
            }
            Instant at = Instant.parse(p.get("at").asText());
            SqlConnection c = job.connection();
            return startIf(engine, breaker, c, job.tenant(), f, null, null, List.of(), null, "sch:" + f.key() + ":"
                    + at, null).flatMap(x -> FlowSchedules.zone(c, job.tenant())).flatMap(zone -> schedules
                            .planNext(c, job.tenant(), app, f, at, zone));
        }
    }

    /** Delays, wait-untils and deadlines. */
    @ApplicationScoped
    public static class TimerHandler implements JobHandler {
        @Inject
        FlowEngine engine;

        @Override
        public String kind() {
            return TIMER;
        }

        @Override
        public Uni<Void> handle(JobContext job) {
            return engine.timer(job.connection(), job.tenant(), job.payload());
        }
    }

    /**
     * Starts {@code f} when its trigger condition holds for {@code values} and the circuit breaker
     * allows it.
     */
    static Uni<Void> startIf(FlowEngine engine, FlowBreaker breaker, SqlConnection c, String tenant, CompiledFlow f,
            UUID record, ObjectNode values, List<String> changed, UUID actor, String startKey,
            ObjectNode lastValues) {
        String condition = f.definition().trigger().condition();
        if (condition != null) {
            ObjectNode b = Instance.JSON.objectNode();
            if (values != null) {
                b.setAll(values);
            }
            if (record != null) {
                b.put("id", record.toString());
            }
            b.set("settings", engine.settings(tenant, f.app()));
            Set<String> ch = new LinkedHashSet<>(changed);
            var env = new io.tradewind.runtime.form.CompiledForm.EvalEnv(engine.now(), ZoneId.of("UTC"), ch,
                    "en");
            if (!CompiledFlow.truthy(f.eval(condition, b, env, "/trigger/condition"))) {
                return Uni.createFrom().voidItem();
            }
        }
        return breaker.allow(c, tenant, f.app(), f.key(), engine.now()).flatMap(ok -> {
            if (!ok) {
                return Uni.createFrom().voidItem();
            }
            FlowEngine.Start start = new FlowEngine.Start(record, actor, startKey, null, changed, lastValues);
            return engine.start(c, tenant, f, start).replaceWithVoid();
        });
    }

    /** The fields a write changed: for a create, those given a value. */
    static List<String> changed(ObjectNode before, ObjectNode after) {
        List<String> out = new ArrayList<>();
        if (after == null) {
            return out;
        }
        Set<String> keys = new LinkedHashSet<>();
        after.fieldNames().forEachRemaining(keys::add);
        if (before != null) {
            before.fieldNames().forEachRemaining(keys::add);
        }
        for (String k : keys) {
            JsonNode a = after.get(k);
            JsonNode b = before == null ? null : before.get(k);
            boolean aEmpty = a == null || a.isNull();
            boolean bEmpty = b == null || b.isNull();
            if (aEmpty != bEmpty || !aEmpty && !Objects.equals(a, b)) {
                out.add(k);
            }
        }
        return out;
    }

    /** The record's values with createdAt and updatedAt, for a relative date on a system field. */
    static ObjectNode systemFields(RecordRow row) {
        ObjectNode o = row.data().deepCopy();
        o.put("createdAt", row.createdAt().toInstant().toString());
        o.put("updatedAt", row.updatedAt().toInstant().toString());
        return o;
    }

    /** The moment of a relative-date trigger for these values, or null when the field is empty. */
    static Instant due(FlowTrigger.RelativeDate rd, ObjectNode values, ZoneId zone) {
        JsonNode v = values == null ? null : values.get(rd.field());
        if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
            return null;
        }
        String s = v.textValue();
        String offset = rd.offset();
        boolean negative = offset.startsWith("-");
        String abs = negative ? offset.substring(1) : offset;
        if (s.length() == 10) {
            LocalDate d = LocalDate.parse(s);
            java.time.Period period = abs.contains("T") ? java.time.Period.ZERO : java.time.Period.parse(abs);
            LocalDate day = negative ? d.minus(period) : d.plus(period);
            LocalTime time = rd.at() == null ? LocalTime.MIDNIGHT : LocalTime.parse(rd.at());
            return day.atTime(time).atZone(zone).toInstant();
        }
        Instant base = OffsetDateTime.parse(s).toInstant();
        Instant moved;
        if (abs.contains("T")) {
            Duration d = Duration.parse(abs);
            moved = negative ? base.minus(d) : base.plus(d);
        } else {
            java.time.Period period = java.time.Period.parse(abs);
            var z = base.atZone(zone);
            moved = (negative ? z.minus(period) : z.plus(period)).toInstant();
        }
        if (rd.at() != null) {
            LocalTime time = LocalTime.parse(rd.at());
            moved = moved.atZone(zone).with(time).toInstant();
        }
        return moved;
    }
}
