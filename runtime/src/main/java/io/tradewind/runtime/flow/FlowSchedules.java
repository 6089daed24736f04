package io.tradewind.runtime.flow;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.flow.FlowTrigger;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.job.JobQueue;
import io.tradewind.runtime.job.NewJob;
import io.tradewind.runtime.tenant.TenantDb;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Schedule triggers: each scheduled flow has one pending {@code flow.schedule} job for its next
 * fire time (cron read in the tenant's time zone), keyed by flow and time, so planning it again on
 * every start or sync adds nothing, and several replicas plan it once. A fired job starts the
 * instance and plans the next time in the same transaction.
 */
@ApplicationScoped
class FlowSchedules {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(
            CronType.UNIX));

    @Inject
    JobQueue jobs;
    @Inject
    TenantDb db;
    @Inject
    TradewindClock clock;

    Uni<Void> plan(String tenant, String app, Collection<CompiledFlow> flows) {
        var scheduled = flows.stream().filter(f -> f.definition().trigger() instanceof FlowTrigger.Schedule)
                .toList();
        if (scheduled.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return db.run(tenant, c -> zone(c, tenant).flatMap(zone -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (CompiledFlow f : scheduled) {
                String cron = ((FlowTrigger.Schedule) f.definition().trigger()).cron();
                // a pending time (even an overdue one) is the next run already: planning again would run twice
                chain = chain.flatMap(x -> c.preparedQuery("select 1 from job where tenant_id = $1 and kind = $2 and"
                        + " status in ('pending', 'running') and payload ->> 'app' = $3 and payload ->> 'flow' = $4"
                        + " and payload ->> 'cron' = $5 limit 1").execute(Tuple.of(tenant, FlowJobs.SCHEDULE, app,
                                f
                                        .key(),
                                cron)))
                        .flatMap(rows -> rows.size() > 0
                                ? Uni.createFrom().voidItem()
                                : planNext(c, tenant, app, f, clock.instant(), zone));
            }
            return chain;
        }));
    }

    /** Enqueues the first fire time of the flow after {@code after}. */
    Uni<Void> planNext(SqlConnection c, String tenant, String app, CompiledFlow f, Instant after, ZoneId zone) {
        String cron = ((FlowTrigger.Schedule) f.definition().trigger()).cron();
        Optional<Instant> next = next(cron, after, zone);
        if (next.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        var payload = Instance.JSON.objectNode().put("app", app).put("flow", f.key()).put("cron", cron).put("at",
                next.get().toString());
        return jobs.enqueue(c, tenant, NewJob.of(FlowJobs.SCHEDULE, payload).dueAt(next.get()).idempotencyKey(
                "sch:" + app + ":" + f.key() + ":" + next.get())).replaceWithVoid();
    }

    static Optional<Instant> next(String cron, Instant after, ZoneId zone) {
        return ExecutionTime.forCron(PARSER.parse(cron)).nextExecution(after.atZone(zone)).map(z -> z.toInstant());
    }

    static Uni<ZoneId> zone(SqlConnection c, String tenant) {
        return c.preparedQuery("select time_zone from tenant where tenant_id = $1").execute(Tuple.of(tenant))
                .map(rows -> {
                    try {
                        return rows.size() == 0 ? ZoneId.of("UTC") : ZoneId.of(rows.iterator().next().getString(0));
                    } catch (RuntimeException e) {
                        return ZoneId.of("UTC");
                    }
                });
    }
}
