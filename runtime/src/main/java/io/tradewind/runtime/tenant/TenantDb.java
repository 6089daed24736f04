package io.tradewind.runtime.tenant;

import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Database work on behalf of one tenant. Each unit runs in one transaction as the role
 * {@code tradewind_tenant} with {@code tradewind.tenant} set to the tenant, so PostgreSQL's
 * row-level security policies (changelog 0.2.0) hide every other tenant's rows even from a query
 * that forgets its own tenant condition. Both settings are transaction-local: a pooled connection
 * never carries them into the next unit of work.
 */
@ApplicationScoped
public class TenantDb {
    /** The role tenant work runs as; it has no BYPASSRLS and owns nothing. */
    public static final String ROLE = "tradewind_tenant";
    private static final String ENTER = "select set_config('role', '" + ROLE + "', true),"
            + " set_config('tradewind.tenant', $1, true)";

    @Inject
    Pool pool;

    /**
     * Runs {@code work} in one transaction that sees only {@code tenant}'s rows. {@code BEGIN} and the
     * tenant settings are pipelined (one round trip); the transaction commits when {@code work}
     * succeeds and rolls back when it fails.
     */
    public <T> Uni<T> run(String tenant, Function<SqlConnection, Uni<T>> work) {
        return pool.withConnection(c -> {
            Uni<Outcome<Object>> begin = outcome(c.query("begin").execute());
            Uni<Outcome<Object>> enter = outcome(enter(c, tenant));
            return Uni.combine().all().unis(begin, enter).asTuple().flatMap(started -> {
                for (Outcome<?> o : List.of(started.getItem1(), started.getItem2())) {
                    if (o.failure() != null) {
                        return c.query("rollback").execute().onFailure().recoverWithNull().replaceWith(Uni
                                .createFrom().<T>failure(o.failure()));
                    }
                }
                Uni<T> done;
                try {
                    done = work.apply(c);
                } catch (RuntimeException e) {
                    done = Uni.createFrom().failure(e);
                }
                return done.onItemOrFailure().transformToUni((value, failure) -> {
                    if (failure != null) {
                        return c.query("rollback").execute().onFailure().recoverWithNull().replaceWith(Uni
                                .createFrom().<T>failure(failure));
                    }
                    return c.query("commit").execute().replaceWith(value);
                });
            });
        });
    }

    /**
     * Runs ONE statement for {@code tenant} in its own transaction, with the same isolation as
     * {@link #run}, in a single network round trip: {@code BEGIN}, the tenant settings, the statement
     * and {@code COMMIT} are pipelined on one connection instead of each waiting for the previous
     * answer. {@code statement} must issue exactly one command on the connection (a chain of dependent
     * commands belongs in {@link #run}). A failed statement ends the transaction (the {@code COMMIT}
     * then rolls back) and fails the unit with the statement's own error.
     */
    public <T> Uni<T> single(String tenant, Function<SqlConnection, Uni<T>> statement) {
        return pool.withConnection(c -> {
            Uni<Outcome<Object>> begin = outcome(c.query("begin").execute());
            Uni<Outcome<Object>> enter = outcome(enter(c, tenant));
            Uni<Outcome<T>> work = outcome(statement.apply(c));
            Uni<Outcome<Object>> commit = outcome(c.query("commit").execute());
            // combine subscribes in order, so the four commands are queued, and sent, in this order
            return Uni.combine().all().unis(begin, enter, work, commit).with((b, e, w, k) -> {
                for (Outcome<?> o : List.of(b, e, w, k)) {
                    if (o.failure() != null) {
                        throw o.failure() instanceof RuntimeException r ? r : new IllegalStateException(o.failure());
                    }
                }
                return w.value();
            });
        });
    }

    /** A command's value or failure, so that every command completes before the unit does. */
    private record Outcome<T>(T value, Throwable failure) {
    }

    @SuppressWarnings("unchecked")
    private static <T> Uni<Outcome<T>> outcome(Uni<?> command) {
        return ((Uni<T>) command).map(v -> new Outcome<T>(v, null))
                .onFailure().recoverWithItem(f -> new Outcome<T>(null, f));
    }

    /** Scopes an open transaction to {@code tenant} (for work that manages its own transaction). */
    public static Uni<Void> enter(SqlConnection c, String tenant) {
        return c.preparedQuery(ENTER).execute(Tuple.of(tenant)).replaceWithVoid();
    }
}
