package io.tradewind.runtime.job;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tradewind.runtime.clock.TradewindClock;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;

/**
 * The replica's job executor: made at start-up from {@link JobConfig} and every {@link JobHandler}
 * bean, started unless {@code tradewind.jobs.enabled=false}, stopped at shut-down (the workers
 * finish their current job and give the rest of their batch back).
 */
@ApplicationScoped
public class Jobs {
    @Inject
    JobConfig config;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    TradewindClock clock;
    @Inject
    @Any
    Instance<JobHandler> handlers;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    Optional<String> url;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private JobExecutor executor;

    void onStart(@Observes StartupEvent event) {
        executor = create(pool, JobExecutor.Settings.of(config), replicaId(config.replicaId()), handlers.stream()
                .toList());
        if (config.enabled()) {
            executor.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.stop().await().atMost(Duration.ofSeconds(30));
        }
    }

    /** This replica's executor (started only when enabled). */
    public JobExecutor executor() {
        return executor;
    }

    /**
     * Another executor on {@code pool} with this application's clock and database, for the tests that
     * play several replicas: only the given handlers, its own settings and name.
     */
    public JobExecutor create(Pool pool, JobExecutor.Settings settings, String replicaId, List<JobHandler> handlers) {
        return new JobExecutor(vertx, pool, clock, handlers, settings, replicaId, listenOptions());
    }

    /** Where the executors {@code LISTEN}, or null without a configured database URL. */
    public PgConnectOptions listenOptions() {
        if (url.isEmpty()) {
            return null;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url.get());
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        return options;
    }

    /** The configured replica id, else host name, process id and a random suffix. */
    static String replicaId(Optional<String> configured) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return configured.get();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 4);
    }
}
