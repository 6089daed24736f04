package io.tradewind.runtime.flow;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The circuit breaker of automated flows: before an automatic start (record, schedule,
 * relative-date and webhook triggers; not a person's button) it counts the flow's starts in the
 * last window. When they exceed both a floor and a multiple of the flow's average per window over
 * the past day, the flow is paused (a row in {@code flow_pause}), the start is skipped, and the
 * tenant's administrators are told; nothing starts until an administrator resumes the flow
 * ({@link FlowPauses}). After a resume only the starts since then count in the window.
 */
@ApplicationScoped
class FlowBreaker {
    private static final Logger LOG = Logger.getLogger(FlowBreaker.class);

    @ConfigProperty(name = "tradewind.flows.breaker.window", defaultValue = "PT5M")
    Duration window;
    @ConfigProperty(name = "tradewind.flows.breaker.floor", defaultValue = "200")
    int floor;
    @ConfigProperty(name = "tradewind.flows.breaker.factor", defaultValue = "10")
    int factor;

    /** Whether the flow may start now; pauses it (and says so) when its rate left its band. */
    Uni<Boolean> allow(SqlConnection c, String tenant, String app, String flow, Instant now) {
        return paused(c, tenant, app, flow).flatMap(p -> {
            if (p) {
                return Uni.createFrom().item(false);
            }
            // starts before the flow was last resumed do not count in the window: they are what tripped it
            return c.preparedQuery("select count(*) filter (where started_at > greatest($4, (select resumed_at from"
                    + " flow_pause where tenant_id = $1 and app_key = $2 and flow_key = $3))), count(*) from"
                    + " flow_instance where tenant_id = $1 and app_key = $2 and flow_key = $3 and started_at > $5")
                    .execute(Tuple.of(tenant, app, flow, FlowStore.utc(now.minus(window)), FlowStore.utc(now.minus(
                            Duration.ofDays(1)))))
                    .flatMap(rows -> {
                        var r = rows.iterator().next();
                        long recent = r.getLong(0);
                        long day = r.getLong(1);
                        double perWindow = (double) (day - recent) / Math.max(1, Duration.ofDays(1).toSeconds()
                                / window.toSeconds() - 1);
                        if (recent < floor || recent < factor * perWindow) {
                            return Uni.createFrom().item(true);
                        }
                        String reason = recent + " instances started in the last " + window.toMinutes()
                                + " minutes, against about " + Math.round(perWindow) + " per window over the past day";
                        LOG.warnf("TW-FLOW-010 flow %s/%s of tenant %s paused by its circuit breaker: %s", app, flow,
                                tenant, reason);
                        return c.preparedQuery("insert into flow_pause (tenant_id, app_key, flow_key, reason,"
                                + " paused_at) values ($1, $2, $3, $4, $5) on conflict (tenant_id, app_key, flow_key)"
                                + " do update set reason = excluded.reason, paused_at = excluded.paused_at,"
                                + " resumed_at = null, resumed_by = null")
                                .execute(Tuple.of(tenant, app, flow, reason, FlowStore.utc(now)))
                                .flatMap(x -> Assignees.admins(c, tenant))
                                .flatMap(admins -> Notifications.insert(c, tenant, admins.stream().map(
                                        a -> new FlowRun.Note(a, "incident", "Flow '" + flow + "' was paused: "
                                                + reason + ". Resume it when the cause is fixed.",
                                                Instance.JSON
                                                        .objectNode().put("app", app).put("flow", flow)))
                                        .toList(),
                                        now))
                                .replaceWith(false);
                    });
        });
    }

    static Uni<Boolean> paused(SqlConnection c, String tenant, String app, String flow) {
        return c.preparedQuery("select 1 from flow_pause where tenant_id = $1 and app_key = $2 and flow_key = $3"
                + " and resumed_at is null")
                .execute(Tuple.of(tenant, app, flow)).map(rows -> rows.size() > 0);
    }
}
