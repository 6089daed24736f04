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
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Keeps the session caches of all replicas that share the database in step: when a user is
 * disabled, loses a role or changes their password, or a tenant is disabled, {@link TokenStore}
 * announces it with a PostgreSQL {@code NOTIFY} after the change committed; each replica
 * {@code LISTEN}s on one connection of its own and evicts what the event names from its cache.
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

    void apply(String payload) {
        String[] parts = payload.split(" ");
        try {
            if (parts.length == 3 && parts[0].equals("user")) {
                tokens.evictUserLocally(parts[1], UUID.fromString(parts[2]));
            } else if (parts.length == 2 && parts[0].equals("tenant")) {
                tokens.evictTenantLocally(parts[1]);
            } else {
                LOG.warnf("TW-SEC-011 unknown session event '%s'", payload);
            }
        } catch (IllegalArgumentException e) {
            LOG.warnf("TW-SEC-011 unknown session event '%s'", payload);
        }
    }
}
