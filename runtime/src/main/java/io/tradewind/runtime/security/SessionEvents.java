package io.tradewind.runtime.security;

import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Tells every replica sharing the database that cached sessions must be dropped: a user was
 * disabled, lost a role or changed their password, a tenant was disabled. The event is a PostgreSQL
 * {@code NOTIFY} sent in the transaction of the change, so it is delivered exactly when the change
 * commits; each replica {@code LISTEN}s on one connection of its own and evicts what the event
 * names from {@link TokenStore}'s cache.
 */
@Singleton
public class SessionEvents {
    static final String CHANNEL = "tradewind_sessions";
    private static final Logger LOG = Logger.getLogger(SessionEvents.class);

    @Inject
    Vertx vertx;
    @Inject
    TokenStore tokens;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    Optional<String> url;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private PgSubscriber subscriber;

    void onStart(@Observes @Priority(50) StartupEvent event) {
        if (url.isEmpty()) {
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url.get());
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(CHANNEL).handler(this::apply);
        subscriber.connect().onFailure(e -> LOG.errorf("TW-SEC-010 cannot listen for session events: %s",
                e.getMessage()));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close();
        }
    }

    /**
     * Announces that a user's cached sessions are void, in the transaction of {@code client}; every
     * replica (this one too) evicts them when the transaction commits.
     */
    public Uni<Void> userChanged(SqlClient client, String tenantId, UUID userId) {
        return notify(client, "user " + tenantId + " " + userId);
    }

    /** Announces that a tenant's cached sessions are void, in the transaction of {@code client}. */
    public Uni<Void> tenantChanged(SqlClient client, String tenantId) {
        return notify(client, "tenant " + tenantId);
    }

    private static Uni<Void> notify(SqlClient client, String payload) {
        return client.preparedQuery("select pg_notify($1, $2)").execute(Tuple.of(CHANNEL, payload))
                .replaceWithVoid();
    }

    void apply(String payload) {
        String[] parts = payload.split(" ");
        try {
            if (parts.length == 3 && parts[0].equals("user")) {
                tokens.evictUser(parts[1], UUID.fromString(parts[2]));
            } else if (parts.length == 2 && parts[0].equals("tenant")) {
                tokens.evictTenant(parts[1]);
            } else {
                LOG.warnf("TW-SEC-011 unknown session event '%s'", payload);
            }
        } catch (IllegalArgumentException e) {
            LOG.warnf("TW-SEC-011 unknown session event '%s'", payload);
        }
    }
}
