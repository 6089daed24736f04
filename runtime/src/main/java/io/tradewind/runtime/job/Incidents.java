package io.tradewind.runtime.job;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.audit.AuditLog;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.Conflict;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.org.Actor;
import io.tradewind.runtime.org.Ids;
import io.tradewind.runtime.tenant.TenantDb;
import io.tradewind.runtime.web.JsonBodies;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Jobs parked after their last attempt, for the tenant's admins: list (newest first, keyset pages),
 * look at, retry (one more attempt, due now) and cancel. Every retry and cancel is audited in the
 * same transaction.
 */
@ApplicationScoped
public class Incidents {
    /** Largest page. */
    public static final int MAX_LIMIT = 200;
    private static final Logger LOG = Logger.getLogger(Incidents.class);
    private static final String COLUMNS = "id, kind, status, payload::text, attempts, max_attempts, last_error,"
            + " idempotency_key, due_at, created_at, finished_at";
    private static final String LIST = "select " + COLUMNS + " from job where tenant_id = $1 and status = 'incident'"
            + " and ($2::timestamptz is null or (finished_at, id) < ($2, $3)) order by finished_at desc, id desc"
            + " limit $4";
    private static final Pattern CURSOR = Pattern.compile("([0-9]{1,19}):([0-9a-f-]{36})");

    @Inject
    TenantDb db;
    @Inject
    TradewindClock clock;
    @Inject
    AuditLog audit;
    @Inject
    @Any
    Instance<JobHandler> handlers;

    /** A page of the tenant's incidents. */
    public Uni<Map<String, Object>> list(Actor actor, String limitParam, String cursorParam) {
        int limit = limit(limitParam);
        Object[] after = cursor(cursorParam);
        String t = actor.tenant();
        return db.run(t, c -> c.preparedQuery(LIST).execute(Tuple.from(new Object[]{t, after[0], after[1], limit + 1}))
                .map(rows -> {
                    List<Map<String, Object>> items = new ArrayList<>();
                    String next = null;
                    for (Row r : rows) {
                        if (items.size() == limit) {
                            Map<String, Object> last = items.get(limit - 1);
                            next = cursorAfter((Instant) last.get("failedAt"), (UUID) last.get("id"));
                            break;
                        }
                        items.add(item(r));
                    }
                    Map<String, Object> page = new LinkedHashMap<>();
                    page.put("items", items);
                    page.put("nextCursor", next);
                    return page;
                }));
    }

    /** One job of the tenant (an incident, or what became of one). */
    public Uni<Map<String, Object>> get(Actor actor, String id) {
        UUID jobId = id(id);
        return db.run(actor.tenant(), c -> find(c, actor.tenant(), jobId));
    }

    /** Gives an incident one more attempt, due now. */
    public Uni<Map<String, Object>> retry(Actor actor, String id) {
        return change(actor, id, "job.incident.retry", "update job set status = 'pending', due_at = $3,"
                + " max_attempts = attempts + 1, finished_at = null, updated_at = $3 where tenant_id = $1 and id = $2"
                + " and status = 'incident' returning kind, idempotency_key", "incident", true);
    }

    /** Cancels an incident, or a job still waiting to run. */
    public Uni<Map<String, Object>> cancel(Actor actor, String id) {
        return change(actor, id, "job.incident.cancel", "update job set status = 'cancelled', finished_at = $3,"
                + " updated_at = $3 where tenant_id = $1 and id = $2 and status in ('incident', 'pending') returning"
                + " kind, idempotency_key", "incident or pending", false);
    }

    private Uni<Map<String, Object>> change(Actor actor, String id, String action, String sql, String from,
            boolean wake) {
        UUID jobId = id(id);
        String t = actor.tenant();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return db.run(t, c -> find(c, t, jobId).flatMap(before -> c.preparedQuery(sql).execute(Tuple.of(t, jobId,
                JobStore.utc(now))).flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw new Conflict("JOB_NOT_" + (wake ? "INCIDENT" : "CANCELLABLE"), "Job " + jobId + " is "
                                + before.get("status") + "; only a job that is " + from + " can be "
                                + (wake ? "retried" : "cancelled") + ".");
                    }
                    Row row = rows.iterator().next();
                    String kind = row.getString(0);
                    Uni<Void> release = wake
                            ? retrying(c, t, kind, JobContext.effectKey(t, row.getString(1), jobId))
                            : Uni.createFrom().voidItem();
                    Map<String, Object> detail = new LinkedHashMap<>();
                    detail.put("kind", kind);
                    detail.put("status", before.get("status"));
                    detail.put("attempts", before.get("attempts"));
                    Uni<Void> notify = wake ? JobQueue.notify(c, kind) : Uni.createFrom().voidItem();
                    return release.flatMap(x -> audit.write(c, actor.entry(action, "job", jobId, detail), now))
                            .flatMap(x -> notify)
                            .flatMap(x -> find(c, t, jobId));
                }))).invoke(job -> LOG.infof("TW-JOB-009 %s: job %s (%s) of tenant %s by %s", action, jobId, job.get(
                        "kind"), t, actor.user().username()));
    }

    /** Lets the handler of {@code kind} release what parked the job (JobHandler#retryingIncident). */
    private Uni<Void> retrying(SqlConnection c, String tenant, String kind, String effectKey) {
        return handlers.stream().filter(h -> h.kind().equals(kind)).findFirst().map(h -> h.retryingIncident(c, tenant,
                effectKey)).orElseGet(() -> Uni.createFrom().voidItem());
    }

    private static Uni<Map<String, Object>> find(SqlConnection c, String t, UUID id) {
        return c.preparedQuery("select " + COLUMNS + " from job where tenant_id = $1 and id = $2").execute(Tuple.of(t,
                id)).map(rows -> {
                    if (rows.size() == 0) {
                        throw notFound(id.toString());
                    }
                    return item(rows.iterator().next());
                });
    }

    private static Map<String, Object> item(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.getUUID(0));
        m.put("kind", r.getString(1));
        m.put("status", r.getString(2));
        try {
            m.put("payload", JsonBodies.mapper().readTree(r.getString(3)));
        } catch (JsonProcessingException e) {
            m.put("payload", null);
        }
        m.put("attempts", r.getInteger(4));
        m.put("maxAttempts", r.getInteger(5));
        m.put("lastError", r.getString(6));
        m.put("idempotencyKey", r.getString(7));
        m.put("dueAt", instant(r.getOffsetDateTime(8)));
        m.put("createdAt", instant(r.getOffsetDateTime(9)));
        m.put("failedAt", instant(r.getOffsetDateTime(10)));
        return m;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static UUID id(String id) {
        UUID u = Ids.parse(id);
        if (u == null) {
            throw notFound(id);
        }
        return u;
    }

    private static NotFound notFound(String id) {
        return new NotFound("JOB_NOT_FOUND", "There is no job " + (id.length() > 40 ? id.substring(0, 40) + "…" : id)
                + " in this tenant.");
    }

    private static int limit(String value) {
        if (value == null || value.isEmpty()) {
            return 50;
        }
        try {
            int n = value.length() > 6 ? -1 : Integer.parseInt(value);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw InvalidInput.of("/limit", "LIMIT_INVALID", "'limit' is a whole number from 1 to " + MAX_LIMIT + ".");
    }

    /**
     * The position after which the page starts: {finished_at, id}, or {null, null} for the first page.
     */
    private static Object[] cursor(String value) {
        if (value == null || value.isEmpty()) {
            return new Object[]{null, null};
        }
        try {
            if (value.length() <= 100) {
                Matcher m = CURSOR.matcher(new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8));
                if (m.matches()) {
                    long micros = Long.parseLong(m.group(1));
                    Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
                    return new Object[]{JobStore.utc(at), UUID.fromString(m.group(2))};
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw InvalidInput.of("/cursor", "CURSOR_INVALID", "The cursor is not valid; use the nextCursor of the"
                + " previous page.");
    }

    private static String cursorAfter(Instant at, UUID id) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
        return Base64.getUrlEncoder().withoutPadding().encodeToString((micros + ":" + id).getBytes(
                StandardCharsets.UTF_8));
    }
}
