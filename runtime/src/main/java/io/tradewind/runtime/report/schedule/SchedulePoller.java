package io.tradewind.runtime.report.schedule;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Looks for due report schedules every {@code tradewind.reports.schedule.poll-interval} and sends
 * them ({@link ScheduleRunner#runDue()}); one poll at a time per replica. Off with
 * {@code tradewind.reports.schedule.enabled=false} (the tests drive the runner themselves).
 */
@ApplicationScoped
public class SchedulePoller {
    private static final Logger LOG = Logger.getLogger(SchedulePoller.class);

    @Inject
    ScheduleConfig config;
    @Inject
    ScheduleRunner runner;
    @Inject
    Vertx vertx;

    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile long timer = -1;

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        long every = Math.max(1000, config.pollInterval().toMillis());
        timer = vertx.setPeriodic(every, id -> poll());
        LOG.infof("TW-SCH-010 report schedules are polled every %d s", every / 1000);
    }

    private void poll() {
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        runner.runDue().subscribe().with(sent -> polling.set(false), e -> {
            polling.set(false);
            LOG.warnf(e, "TW-SCH-005 polling report schedules failed");
        });
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
