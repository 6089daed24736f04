package io.tradewind.runtime.report.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tradewind.runtime.audit.AuditLog;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.org.Actor;
import io.tradewind.runtime.security.TradewindPrincipal;
import io.tradewind.runtime.tenant.TenantDb;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Sends report schedules (ADR 0012). A run is claimed in ONE tenant transaction: the due schedule
 * row is locked with {@code FOR UPDATE SKIP LOCKED}, one {@code report_delivery} row per recipient
 * is inserted under the unique key (schedule, fire time, user), and the schedule's next fire time
 * is advanced. Only the rows that this transaction inserted are then rendered and mailed, each
 * marked sent, failed or skipped afterwards. So a delivery goes out at most once, whatever replicas
 * or restarts race; a crash between the claim and the send leaves the row {@code pending} for an
 * operator to see, and it is not retried.
 */
@ApplicationScoped
public class ScheduleRunner {
    private static final Logger LOG = Logger.getLogger(ScheduleRunner.class);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Inject
    Pool pool;
    @Inject
    TenantDb db;
    @Inject
    TradewindClock clock;
    @Inject
    ScheduleConfig config;
    @Inject
    AuditLog audit;
    @Inject
    ReportRenderer renderer;
    @Inject
    ReactiveMailer mailer;

    /** A recipient as the run found them. */
    record Recipient(UUID id, String username, String email, UUID departmentId, Set<String> roles) {
        TradewindPrincipal principal(String tenant) {
            return new TradewindPrincipal(tenant, id, username, roles, departmentId);
        }
    }

    /** A delivery row this run inserted: {@code pending}, or {@code skipped} with its reason. */
    record Claimed(UUID id, Recipient recipient, String status, String reason) {
    }

    /** A claimed run of one schedule. */
    record Run(Schedules.Schedule schedule, ZoneId zone, Instant fireAt, List<Claimed> deliveries) {
    }

    /** What became of one delivery. */
    public record Outcome(UUID userId, String email, String status, String reason) {
    }

    /**
     * Claims and sends every schedule of every tenant that is due by the runtime clock; a schedule
     * whose runs were missed (the server was down) is sent once, for the latest due time. Answers the
     * number of emails sent. Safe to call concurrently and from several replicas.
     */
    public Uni<Integer> runDue() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // which tenants have due schedules: a look-up before the tenant is known, past row-level security
        return pool.preparedQuery("select distinct s.tenant_id from report_schedule s join tenant t on t.tenant_id ="
                + " s.tenant_id where s.enabled and s.next_run_at <= $1 and not t.disabled order by 1")
                .execute(Tuple.of(Schedules.utc(now))).map(rows -> {
                    List<String> tenants = new ArrayList<>();
                    rows.forEach(r -> tenants.add(r.getString(0)));
                    return tenants;
                })
                .flatMap(tenants -> inOrder(tenants, t -> db.run(t, c -> claimDue(c, t, now))
                        .flatMap(runs -> inOrder(runs, run -> deliver(t, run)))
                        .map(ScheduleRunner::sentCount)))
                .map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }

    /** Sends a schedule now, whether due or not (POST …/{id}/run); answers each delivery's outcome. */
    public Uni<Map<String, Object>> runNow(Actor actor, String app, String id) {
        String t = actor.tenant();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return db.run(t, c -> Schedules.find(c, t, app, id).flatMap(s -> Schedules.tenantZone(c, t).flatMap(
                tenantZone -> claim(c, t, s, Schedules.zone(s.timeZone(), tenantZone), now, true, now)))
                .flatMap(run -> audit.write(c, actor.entry("report.schedule.run", "report-schedule", run.schedule()
                        .id(), Map.of("fireAt", now.toString(), "recipients", run.deliveries().size())), now)
                        .replaceWith(run)))
                .flatMap(run -> deliver(t, run).map(outcomes -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("fireAt", now);
                    body.put("deliveries", outcomes);
                    return body;
                }));
    }

    private Uni<List<Run>> claimDue(SqlClient c, String t, Instant now) {
        return Schedules.tenantZone(c, t).flatMap(tenantZone -> c.preparedQuery("select " + Schedules.COLUMNS
                + " from report_schedule where tenant_id = $1 and enabled and next_run_at <= $2"
                + " order by next_run_at, id limit $3 for update skip locked")
                .execute(Tuple.of(t, Schedules.utc(now), config.batchSize()))
                .flatMap(rows -> {
                    List<Schedules.Schedule> due = new ArrayList<>();
                    rows.forEach(r -> due.add(Schedules.schedule(r)));
                    return inOrder(due, s -> claim(c, t, s, Schedules.zone(s.timeZone(), tenantZone), s.nextRunAt(),
                            false, now));
                }));
    }

    /**
     * Inserts the run's delivery rows (those that exist already stay as they are and are not sent
     * again) and moves the schedule on: a scheduled run to the next fire time after now, a manual one
     * only records when it ran.
     */
    private Uni<Run> claim(SqlClient c, String t, Schedules.Schedule s, ZoneId zone, Instant fireAt,
            boolean manual, Instant now) {
        return recipients(c, t, s).flatMap(recipients -> {
            int n = recipients.size();
            UUID[] ids = new UUID[n];
            UUID[] users = new UUID[n];
            String[] emails = new String[n];
            String[] statuses = new String[n];
            String[] reasons = new String[n];
            Map<UUID, Recipient> byId = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                Recipient r = recipients.get(i);
                byId.put(r.id(), r);
                ids[i] = UUID.randomUUID();
                users[i] = r.id();
                boolean mailable = r.email() != null && EMAIL.matcher(r.email()).matches();
                emails[i] = r.email();
                statuses[i] = mailable ? "pending" : "skipped";
                reasons[i] = mailable ? null : "NO_EMAIL";
            }
            return c.preparedQuery("insert into report_delivery (tenant_id, id, schedule_id, fire_at, manual, user_id,"
                    + " email, status, reason, claimed_at, finished_at) select $1, x.id, $2, $3, $4, x.user_id,"
                    + " x.email, x.status, x.reason, $5::timestamptz, case when x.status = 'pending' then null else $5::timestamptz end"
                    + " from unnest($6::uuid[], $7::uuid[], $8::text[], $9::text[], $10::text[])"
                    + " as x(id, user_id, email, status, reason)"
                    + " on conflict (tenant_id, schedule_id, fire_at, user_id) do nothing returning id, user_id, status,"
                    + " reason")
                    .execute(Tuple.from(new Object[]{t, s.id(), Schedules.utc(fireAt), manual, Schedules.utc(now), ids,
                            users, emails, statuses, reasons}))
                    .flatMap(inserted -> {
                        List<Claimed> claimed = new ArrayList<>();
                        for (Row r : inserted) {
                            claimed.add(new Claimed(r.getUUID(0), byId.get(r.getUUID(1)), r.getString(2), r.getString(
                                    3)));
                        }
                        LOG.infof("TW-SCH-001 schedule %s of tenant %s fired for %s: %d of %d deliveries claimed", s
                                .id(), t, fireAt, claimed.size(), n);
                        Uni<?> move;
                        if (manual) {
                            move = c.preparedQuery("update report_schedule set last_run_at = $3 where tenant_id = $1"
                                    + " and id = $2").execute(Tuple.of(t, s.id(), Schedules.utc(now)));
                        } else {
                            Instant after = fireAt.isAfter(now) ? fireAt : now;
                            Instant next = Schedules.stored(s.cron()).next(after, zone).orElse(null);
                            move = c.preparedQuery("update report_schedule set next_run_at = $3, last_run_at = $4"
                                    + " where tenant_id = $1 and id = $2").execute(Tuple.of(t, s.id(),
                                            Schedules.utc(
                                                    next),
                                            Schedules.utc(now)));
                        }
                        return move.replaceWith(new Run(s, zone, fireAt, claimed));
                    });
        });
    }

    /** The enabled users named by the schedule or holding one of its roles, by username. */
    private Uni<List<Recipient>> recipients(SqlClient c, String t, Schedules.Schedule s) {
        int max = config.maxRecipients();
        return c.preparedQuery("select u.id, u.username, u.email, u.department_id, array(select r.role_key from"
                + " user_role r where r.tenant_id = u.tenant_id and r.user_id = u.id order by 1) from app_user u"
                + " where u.tenant_id = $1 and not u.disabled and (u.id = any($2) or exists (select 1 from user_role r"
                + " where r.tenant_id = u.tenant_id and r.user_id = u.id and r.role_key = any($3)))"
                + " order by lower(u.username), u.id limit $4")
                .execute(Tuple.of(t, s.users().toArray(UUID[]::new), s.roles().toArray(String[]::new), max + 1))
                .map(rows -> {
                    List<Recipient> out = new ArrayList<>();
                    for (Row r : rows) {
                        String[] roles = r.getArrayOfStrings(4);
                        out.add(new Recipient(r.getUUID(0), r.getString(1), r.getString(2), r.getUUID(3), roles == null
                                ? Set.of()
                                : Set.of(roles)));
                    }
                    if (out.size() > max) {
                        LOG.warnf("TW-SCH-004 schedule %s of tenant %s has more than %d recipients; the rest are left"
                                + " out", s.id(), t, max);
                        out.remove(out.size() - 1);
                    }
                    return out;
                });
    }

    /** Renders and mails the run's pending deliveries one after the other. */
    private Uni<List<Outcome>> deliver(String t, Run run) {
        return inOrder(run.deliveries(), d -> {
            Recipient r = d.recipient();
            if (!d.status().equals("pending")) {
                return Uni.createFrom().item(new Outcome(r.id(), r.email(), d.status(), d.reason()));
            }
            String subtitle = WHEN.format(run.fireAt().atZone(run.zone())) + " (" + run.zone().getId() + ")";
            return renderer.render(r.principal(t), run.schedule(), subtitle)
                    .flatMap(rendered -> rendered.message() == null
                            ? finish(t, d, "skipped", rendered.reason())
                            : send(r.email(), rendered.message()).replaceWith(rendered)
                                    .flatMap(x -> finish(t, d, "sent",
                                            rendered.reason())))
                    .onFailure().recoverWithUni(e -> {
                        LOG.warnf("TW-SCH-002 delivery %s of schedule %s (tenant %s) to %s failed: %s", d.id(), run
                                .schedule().id(), t, r.email(), e.toString());
                        return finish(t, d, "failed", reason(e));
                    });
        });
    }

    private Uni<Void> send(String to, ReportMail.Message m) {
        Mail mail = Mail.withHtml(to, m.subject(), m.html()).setText(m.text())
                .addHeader("Auto-Submitted", "auto-generated");
        for (ReportMail.Part p : m.inline()) {
            mail.addInlineAttachment(p.name(), p.bytes(), p.contentType(), p.contentId());
        }
        for (ReportMail.Part p : m.attachments()) {
            mail.addAttachment(p.name(), p.bytes(), p.contentType());
        }
        return mailer.send(mail);
    }

    private Uni<Outcome> finish(String t, Claimed d, String status, String reason) {
        Instant now = clock.instant();
        return db.single(t, c -> c.preparedQuery("update report_delivery set status = $3, reason = $4, finished_at ="
                + " $5 where tenant_id = $1 and id = $2").execute(Tuple.of(t, d.id(), status, reason,
                        Schedules.utc(
                                now))))
                .replaceWith(new Outcome(d.recipient().id(), d.recipient().email(), status, reason));
    }

    private static String reason(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replaceAll("\\p{Cc}+", " ");
        return "SEND_FAILED: " + (m.length() > 300 ? m.substring(0, 300) + "…" : m);
    }

    private static int sentCount(List<List<Outcome>> runs) {
        int n = 0;
        for (List<Outcome> run : runs) {
            n += (int) run.stream().filter(o -> o.status().equals("sent")).count();
        }
        return n;
    }

    /** Applies {@code f} to each item, one after the other. */
    static <T, R> Uni<List<R>> inOrder(List<T> items, Function<T, Uni<R>> f) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Multi.createFrom().iterable(items).onItem().<R>transformToUniAndConcatenate(f::apply).collect().asList();
    }

    /** Runs CPU-heavy work (charts, spreadsheets) off the event loop. */
    static <T> Uni<T> offload(java.util.function.Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
