package io.tradewind.runtime.report.cache;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tradewind.runtime.web.JsonBodies;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Hears every record change made in the database, by any replica or by SQL behind the runtime's
 * back: triggers on {@code record}, {@code app_user} and {@code department} (changelog 0.3.0,
 * {@code 0.3.0-report-cache-notify}) send {@code NOTIFY} on {@value #CHANNEL} with the payload
 * {@code ["tenant", "app", "form"]} (records of a form) or {@code ["tenant"]} (the tenant's
 * organisation), which PostgreSQL delivers at commit, once per distinct payload and transaction.
 * Each replica {@code LISTEN}s on one connection of its own and moves the {@link Generations}.
 *
 * <p>
 * When the connection drops, notifications may be lost: from that moment until it is back (retried
 * every second) the cache is bypassed, and on reconnecting everything cached before is invalid.
 */
@Singleton
public class RecordChangeListener {
    static final String CHANNEL = "tradewind_record_changes";
    private static final Logger LOG = Logger.getLogger(RecordChangeListener.class);

    @Inject
    Vertx vertx;
    @Inject
    Generations generations;
    @Inject
    ReportCache cache;
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
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> {
            // called when the connection is lost and after each failed attempt to reconnect
            if (retries == 0) {
                LOG.warn("TW-RPC-001 lost the record change listener; report cache bypassed until it is back");
            }
            generations.listening(false);
            return 1000L;
        });
        subscriber.channel(CHANNEL).subscribeHandler(v -> {
            // also after each reconnect: what changed in between is unknown
            generations.listening(true);
            cache.clear();
            LOG.debug("TW-RPC-002 listening for record changes");
        }).handler(this::apply);
        connect();
    }

    private void connect() {
        subscriber.connect().onFailure(e -> {
            LOG.errorf("TW-RPC-003 cannot listen for record changes, report cache bypassed: %s", e.getMessage());
            if (!subscriber.closed()) {
                vertx.setTimer(5000, id -> connect());
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close();
        }
    }

    void apply(String payload) {
        try {
            JsonNode n = JsonBodies.mapper().readTree(payload);
            if (n.isArray() && n.size() == 3) {
                generations.formChanged(n.get(0).asText(), n.get(1).asText(), n.get(2).asText());
                return;
            }
            if (n.isArray() && n.size() == 1) {
                generations.orgChanged(n.get(0).asText());
                return;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // fall through: an event we cannot read may hide a change
        }
        LOG.warnf("TW-RPC-004 unreadable record change '%s'; report cache cleared", payload);
        generations.everythingChanged();
    }
}
