package io.tradewind.runtime.report.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.report.ReportParameter;
import io.tradewind.runtime.audit.AuditLog;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.form.AppRegistry;
import io.tradewind.runtime.org.Actor;
import io.tradewind.runtime.org.Body;
import io.tradewind.runtime.org.Ids;
import io.tradewind.runtime.report.ReportParameters;
import io.tradewind.runtime.tenant.TenantDb;
import io.tradewind.runtime.web.JsonBodies;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The report schedules of a tenant's app: create, read, change, delete (admins only; the resource
 * checks). Every change is validated as a whole, written with its audit entry in one transaction,
 * and recomputes the next fire time from the cron in the schedule's (else the tenant's) time zone.
 */
@ApplicationScoped
public class Schedules {
    static final String COLUMNS = "id, app_key, name, target_kind, target_key, cron, time_zone, recipient_users,"
            + " recipient_roles, parameters::text, enabled, next_run_at, last_run_at, created_by, created_at,"
            + " updated_at";

    @Inject
    TenantDb db;
    @Inject
    AppRegistry registry;
    @Inject
    AuditLog audit;
    @Inject
    TradewindClock clock;

    /** A stored schedule. */
    public record Schedule(UUID id, String app, String name, String kind, String target, String cron,
            String timeZone, List<UUID> users, List<String> roles, Map<String, String> parameters, boolean enabled,
            Instant nextRunAt, Instant lastRunAt, UUID createdBy, Instant createdAt, Instant updatedAt) {

        /** The JSON representation. */
        public Map<String, Object> body() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("app", app);
            m.put("name", name);
            m.put(kind, target);
            m.put("cron", cron);
            m.put("timeZone", timeZone);
            m.put("recipients", Map.of("users", users, "roles", roles));
            m.put("parameters", parameters);
            m.put("enabled", enabled);
            m.put("nextRunAt", nextRunAt);
            m.put("lastRunAt", lastRunAt);
            m.put("createdBy", createdBy);
            m.put("createdAt", createdAt);
            m.put("updatedAt", updatedAt);
            return m;
        }

        /** The parameter values as report query values. */
        public Map<String, List<String>> query() {
            Map<String, List<String>> q = new LinkedHashMap<>();
            parameters.forEach((k, v) -> q.put(k, new ArrayList<>(List.of(v))));
            return q;
        }
    }

    /** The schedules of an app, oldest first. */
    public Uni<List<Map<String, Object>>> list(Actor actor, String app) {
        registry.app(actor.tenant(), app);
        String t = actor.tenant();
        return db.run(t, c -> c.preparedQuery("select " + COLUMNS + " from report_schedule where tenant_id = $1"
                + " and app_key = $2 order by created_at, id").execute(Tuple.of(t, app)).map(rows -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    rows.forEach(r -> out.add(schedule(r).body()));
                    return out;
                }));
    }

    /** One schedule with its latest deliveries; 404 {@code SCHEDULE_NOT_FOUND}. */
    public Uni<Map<String, Object>> get(Actor actor, String app, String id) {
        registry.app(actor.tenant(), app);
        String t = actor.tenant();
        return db.run(t, c -> find(c, t, app, id).flatMap(s -> c.preparedQuery("select fire_at, manual, user_id,"
                + " email, status, reason, finished_at from report_delivery where tenant_id = $1 and schedule_id = $2"
                + " order by claimed_at desc, email limit 50").execute(Tuple.of(t, s.id())).map(rows -> {
                    List<Map<String, Object>> deliveries = new ArrayList<>();
                    for (Row r : rows) {
                        Map<String, Object> d = new LinkedHashMap<>();
                        d.put("fireAt", instant(r, 0));
                        d.put("manual", r.getBoolean(1));
                        d.put("userId", r.getUUID(2));
                        d.put("email", r.getString(3));
                        d.put("status", r.getString(4));
                        d.put("reason", r.getString(5));
                        d.put("finishedAt", instant(r, 6));
                        deliveries.add(d);
                    }
                    Map<String, Object> body = s.body();
                    body.put("deliveries", deliveries);
                    return body;
                })));
    }

    /** Creates a schedule from a request body. */
    public Uni<Map<String, Object>> create(Actor actor, String app, byte[] bytes) {
        ScheduleInput in = ScheduleInput.read(bytes, true);
        AppRegistry.InstalledApp a = registry.app(actor.tenant(), app);
        String t = actor.tenant();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID id = UUID.randomUUID();
        // relative dates among the parameters are only checked here, not resolved: any zone will do
        checkTarget(in.body, a, in.kind, in.target, "/" + in.kind, in.parameters, ZoneOffset.UTC, actor);
        in.body.check("SCHEDULE_INVALID", "schedule");
        return db.run(t, c -> tenantZone(c, t).flatMap(tenantZone -> {
            ZoneId zone = in.timeZone != null ? ZoneId.of(in.timeZone) : tenantZone;
            return checkRecipients(c, t, in).flatMap(x -> {
                Schedule s = new Schedule(id, app, in.name, in.kind, in.target, in.cron.expression(), in.timeZone,
                        distinct(in.users), distinct(in.roles), values(in.parameters), in.enabled == null
                                || in.enabled,
                        null, null, actor.userId(), now, now);
                s = withNext(s, in.cron, zone, now);
                Schedule stored = s;
                return c.preparedQuery("insert into report_schedule (tenant_id, id, app_key, name, target_kind,"
                        + " target_key, cron, time_zone, recipient_users, recipient_roles, parameters, enabled,"
                        + " next_run_at, created_by, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8,"
                        + " $9, $10, $11::text::jsonb, $12, $13, $14, $15, $15)")
                        .execute(Tuple.from(new Object[]{t, id, app, s.name(), s.kind(), s.target(), s.cron(), s
                                .timeZone(), s.users().toArray(UUID[]::new), s.roles().toArray(String[]::new),
                                json(s
                                        .parameters()),
                                s.enabled(), utc(s.nextRunAt()), actor.userId(), utc(now)}))
                        .flatMap(r -> audit.write(c, actor.entry("report.schedule.create", "report-schedule", id,
                                detail(stored)), now))
                        .replaceWith(stored.body());
            });
        }));
    }

    /** Changes the members of a schedule that the body names. */
    public Uni<Map<String, Object>> update(Actor actor, String app, String id, byte[] bytes) {
        ScheduleInput in = ScheduleInput.read(bytes, false);
        in.body.check("SCHEDULE_INVALID", "schedule");
        AppRegistry.InstalledApp a = registry.app(actor.tenant(), app);
        String t = actor.tenant();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return db.run(t, c -> find(c, t, app, id).flatMap(before -> tenantZone(c, t).flatMap(tenantZone -> {
            String timeZone = in.hasTimeZone ? in.timeZone : before.timeZone();
            ZoneId zone = timeZone != null ? ZoneId.of(timeZone) : tenantZone;
            String kind = in.kind != null ? in.kind : before.kind();
            String target = in.target != null ? in.target : before.target();
            Map<String, List<String>> parameters = in.parameters != null ? in.parameters : before.query();
            String pointer = in.kind != null ? "/" + in.kind : "/parameters";
            checkTarget(in.body, a, kind, target, pointer, parameters, zone, actor);
            in.body.check("SCHEDULE_INVALID", "schedule");
            Cron cron = in.cron != null ? in.cron : stored(before.cron());
            Uni<Void> recipients = in.hasRecipients ? checkRecipients(c, t, in) : Uni.createFrom().voidItem();
            return recipients.flatMap(x -> {
                Schedule s = new Schedule(before.id(), app, in.name != null ? in.name : before.name(), kind, target,
                        cron.expression(), timeZone, in.hasRecipients ? distinct(in.users) : before.users(),
                        in.hasRecipients ? distinct(in.roles) : before.roles(), values(parameters), in.enabled != null
                                ? in.enabled
                                : before.enabled(),
                        before.nextRunAt(), before.lastRunAt(), before.createdBy(), before.createdAt(), now);
                boolean timing = !s.cron().equals(before.cron()) || !Objects.equals(timeZone, before.timeZone())
                        || s.enabled() != before.enabled() || before.nextRunAt() == null;
                Schedule after = timing ? withNext(s, cron, zone, now) : s;
                Map<String, Object> changes = changes(before, after);
                if (changes.isEmpty()) {
                    return Uni.createFrom().item(before.body());
                }
                return c.preparedQuery("update report_schedule set name = $3, target_kind = $4, target_key = $5,"
                        + " cron = $6, time_zone = $7, recipient_users = $8, recipient_roles = $9,"
                        + " parameters = $10::text::jsonb, enabled = $11, next_run_at = $12, updated_at = $13"
                        + " where tenant_id = $1 and id = $2")
                        .execute(Tuple.from(new Object[]{t, after.id(), after.name(), after.kind(), after.target(),
                                after.cron(), after.timeZone(), after.users().toArray(UUID[]::new), after.roles()
                                        .toArray(String[]::new),
                                json(after.parameters()), after.enabled(), utc(after.nextRunAt()), utc(now)}))
                        .flatMap(r -> audit.write(c, actor.entry("report.schedule.update", "report-schedule", after
                                .id(), changes), now))
                        .replaceWith(after.body());
            });
        })));
    }

    /** Deletes a schedule and its delivery records. */
    public Uni<Void> delete(Actor actor, String app, String id) {
        registry.app(actor.tenant(), app);
        String t = actor.tenant();
        Instant now = clock.instant();
        return db.run(t, c -> find(c, t, app, id).flatMap(s -> c.preparedQuery(
                "delete from report_schedule where tenant_id = $1 and id = $2").execute(Tuple.of(t, s.id()))
                .flatMap(r -> audit.write(c, actor.entry("report.schedule.delete", "report-schedule", s.id(), detail(
                        s)), now))));
    }

    /** The schedule {@code id} of the app; 404 {@code SCHEDULE_NOT_FOUND} for anything else. */
    static Uni<Schedule> find(SqlClient c, String t, String app, String id) {
        UUID uuid = Ids.parse(id);
        if (uuid == null) {
            return Uni.createFrom().failure(notFound());
        }
        return c.preparedQuery("select " + COLUMNS + " from report_schedule where tenant_id = $1 and app_key = $2"
                + " and id = $3").execute(Tuple.of(t, app, uuid)).map(rows -> {
                    if (rows.size() == 0) {
                        throw notFound();
                    }
                    return schedule(rows.iterator().next());
                });
    }

    /** The tenant's time zone (UTC when unreadable). */
    static Uni<ZoneId> tenantZone(SqlClient c, String t) {
        return c.preparedQuery("select time_zone from tenant where tenant_id = $1").execute(Tuple.of(t)).map(rows -> {
            String tz = rows.size() == 0 ? null : rows.iterator().next().getString(0);
            return zone(tz, ZoneOffset.UTC);
        });
    }

    static ZoneId zone(String tz, ZoneId fallback) {
        try {
            return tz == null ? fallback : ZoneId.of(tz);
        } catch (java.time.DateTimeException e) {
            return fallback;
        }
    }

    /** A stored cron expression (validated when it was stored). */
    static Cron stored(String expression) {
        try {
            return Cron.parse(expression);
        } catch (Cron.Invalid e) {
            throw new IllegalStateException("TW-SCH-003 stored cron expression is not valid: " + expression, e);
        }
    }

    private void checkTarget(Body b, AppRegistry.InstalledApp a, String kind, String target, String pointer,
            Map<String, List<String>> parameters, ZoneId zone, Actor actor) {
        if (kind == null || target == null || b.failed()) {
            return;
        }
        List<ReportParameter> declared;
        if (kind.equals("report")) {
            var r = a.reports().get(target);
            if (r == null) {
                b.problem(pointer, "REPORT_NOT_FOUND", "The app '" + a.key() + "' has no report with this key.");
                return;
            }
            declared = r.parameters();
        } else {
            var d = a.dashboards().get(target);
            if (d == null) {
                b.problem(pointer, "DASHBOARD_NOT_FOUND", "The app '" + a.key() + "' has no dashboard with this"
                        + " key.");
                return;
            }
            declared = d.parameters();
        }
        try {
            ReportParameters.resolve(declared, parameters == null ? Map.of() : parameters, Set.of(), zone, clock
                    .instant(), actor.user());
        } catch (InvalidInput e) {
            for (Violation v : e.violations()) {
                b.problem(v.pointer(), v.code(), v.message());
            }
        }
    }

    private static Uni<Void> checkRecipients(SqlClient c, String t, ScheduleInput in) {
        return c.preparedQuery("select array(select id from app_user where tenant_id = $1 and id = any($2)),"
                + " array(select key from role where tenant_id = $1 and key = any($3))")
                .execute(Tuple.of(t, in.users.toArray(UUID[]::new), in.roles.toArray(String[]::new)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    Set<UUID> users = Set.of(r.getArrayOfUUIDs(0));
                    Set<String> roles = Set.of(r.getArrayOfStrings(1));
                    for (int i = 0; i < in.users.size(); i++) {
                        if (!users.contains(in.users.get(i))) {
                            in.body.problem("/recipients/users/" + i, "USER_NOT_FOUND", "There is no user with this"
                                    + " id.");
                        }
                    }
                    for (int i = 0; i < in.roles.size(); i++) {
                        if (!roles.contains(in.roles.get(i))) {
                            in.body.problem("/recipients/roles/" + i, "ROLE_NOT_FOUND", "There is no role with this"
                                    + " key.");
                        }
                    }
                    in.body.check("SCHEDULE_INVALID", "schedule");
                    return null;
                });
    }

    private static Schedule withNext(Schedule s, Cron cron, ZoneId zone, Instant now) {
        Instant next = s.enabled() ? cron.next(now, zone).orElse(null) : null;
        return new Schedule(s.id(), s.app(), s.name(), s.kind(), s.target(), s.cron(), s.timeZone(), s.users(), s
                .roles(), s.parameters(), s.enabled(), next, s.lastRunAt(), s.createdBy(), s.createdAt(),
                s
                        .updatedAt());
    }

    static Schedule schedule(Row r) {
        return new Schedule(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4), r
                .getString(5), r.getString(6), List.of(r.getArrayOfUUIDs(7)), List.of(r.getArrayOfStrings(8)),
                parameters(r.getString(9)), r.getBoolean(10), instant(r, 11), instant(r, 12), r.getUUID(13), instant(
                        r, 14),
                instant(r, 15));
    }

    private static Map<String, String> parameters(String json) {
        try {
            return JsonBodies.mapper().readValue(json, new TypeReference<LinkedHashMap<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("TW-SCH-003 stored schedule parameters are not a map", e);
        }
    }

    private static Map<String, String> values(Map<String, List<String>> query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query != null) {
            query.forEach((k, v) -> out.put(k, v.get(0)));
        }
        return out;
    }

    private static String json(Map<String, String> parameters) {
        try {
            return JsonBodies.mapper().writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> List<T> distinct(List<T> in) {
        return List.copyOf(new LinkedHashSet<>(in));
    }

    static Instant instant(Row r, int i) {
        var t = r.getOffsetDateTime(i);
        return t == null ? null : t.toInstant();
    }

    static java.time.OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static Map<String, Object> detail(Schedule s) {
        Map<String, Object> m = new LinkedHashMap<>(s.body());
        m.keySet().retainAll(List.of("app", "name", "report", "dashboard", "cron", "timeZone", "recipients",
                "parameters", "enabled"));
        return m;
    }

    private static Map<String, Object> changes(Schedule before, Schedule after) {
        Map<String, Object> b = detail(before);
        Map<String, Object> a = detail(after);
        Set<String> keys = new LinkedHashSet<>(b.keySet());
        keys.addAll(a.keySet());
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : keys) {
            if (!Objects.equals(b.get(k), a.get(k))) {
                Map<String, Object> fromTo = new LinkedHashMap<>();
                fromTo.put("from", b.get(k));
                fromTo.put("to", a.get(k));
                out.put(k, fromTo);
            }
        }
        return out;
    }

    static NotFound notFound() {
        return new NotFound("SCHEDULE_NOT_FOUND", "There is no such report schedule in this app.");
    }

    static List<UUID> uuids(UUID[] a) {
        return a == null ? List.of() : Arrays.asList(a);
    }
}
