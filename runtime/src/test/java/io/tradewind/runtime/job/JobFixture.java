package io.tradewind.runtime.job;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.eclipse.microprofile.config.ConfigProvider;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * Helpers of the job tests: SQL as the schema owner (past row-level security), a separate
 * connection pool per simulated replica, waiting for a condition with a deadline, and a handler
 * that records each run of a job in {@code job_test_effect} through the completion transaction.
 */
final class JobFixture {
    private JobFixture() {
    }

    /** Creates the effect table (no unique key on purpose: a second run would show as a second row). */
    static void effectTable() {
        exec("create table if not exists job_test_effect (seq bigserial primary key, tenant_id text not null,"
                + " job_id uuid not null, worker text not null, attempt integer not null)");
        exec("grant select, insert on job_test_effect to tradewind_tenant");
        exec("grant usage on sequence job_test_effect_seq_seq to tradewind_tenant");
    }

    /** A handler of {@code kind} that records the run as done by {@code worker}. */
    static JobHandler recording(String kind, String worker) {
        return new JobHandler() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public Uni<Void> handle(JobContext job) {
                return job.connection().preparedQuery("insert into job_test_effect (tenant_id, job_id, worker, attempt)"
                        + " values ($1, $2, $3, $4)").execute(io.vertx.mutiny.sqlclient.Tuple.of(job.tenant(), job.id(),
                                worker, job.attempt()))
                        .replaceWithVoid();
            }
        };
    }

    /** A pool of its own on the test database, as another replica would have. */
    static Pool pool(io.vertx.core.Vertx vertx, int size) {
        var config = ConfigProvider.getConfig();
        PgConnectOptions options = PgConnectOptions.fromUri(config.getValue("quarkus.datasource.reactive.url",
                String.class));
        options.setUser(config.getValue("quarkus.datasource.username", String.class));
        return Pool.newInstance(PgBuilder.pool().connectingTo(options).with(new PoolOptions().setMaxSize(size)).using(
                vertx).build());
    }

    /** Settings for a test executor: short poll, the given lock duration and backoff base. */
    static JobExecutor.Settings settings(int workers, int batch, Duration lock, Duration backoffBase) {
        return new JobExecutor.Settings(workers, batch, Duration.ofMillis(50), lock, backoffBase, Duration.ofHours(1),
                Duration.ofDays(7));
    }

    /** Waits until {@code condition} holds, polling; fails after {@code timeout}. */
    static void until(Duration timeout, String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static String kind(String prefix) {
        return "test." + prefix + "." + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The first column of each row, as text. */
    static List<String> sql(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static long count(String sql, Object... args) {
        return Long.parseLong(sql(sql, args).get(0));
    }

    static void exec(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.execute();
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class), config
                .getValue("quarkus.datasource.username", String.class), "");
    }
}
