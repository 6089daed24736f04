package io.tradewind.runtime.security;

import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.tradewind.runtime.support.PgListener;

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
    PgListener listener;
    @Inject
    TokenStore tokens;

    void onStart(@Observes @Priority(50) StartupEvent event) {
        // a lost connection may hide evictions; the cache's short lifetime bounds what they could delay
        listener.listen(CHANNEL, this::apply, listening -> {
        });
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
