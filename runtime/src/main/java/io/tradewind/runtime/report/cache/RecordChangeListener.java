package io.tradewind.runtime.report.cache;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.StartupEvent;
import io.tradewind.runtime.support.PgListener;
import io.tradewind.runtime.web.JsonBodies;

/**
 * Hears every record change made in the database, by any replica or by SQL behind the runtime's
 * back: triggers on {@code record}, {@code app_user} and {@code department} (changelog 0.3.0,
 * {@code 0.3.0-report-cache-notify}) send {@code NOTIFY} on {@value #CHANNEL} with the payload
 * {@code ["tenant", "app", "form"]} (records of a form) or {@code ["tenant"]} (the tenant's
 * organisation), which PostgreSQL delivers at commit, once per distinct payload and transaction.
 * Each replica {@code LISTEN}s on one connection of its own and moves the {@link Generations}.
 *
 * <p>
 * When the shared connection ({@link PgListener}) drops, notifications may be lost: from that
 * moment until it is back the cache is bypassed, and on reconnecting everything cached before is
 * invalid.
 */
@Singleton
public class RecordChangeListener {
    static final String CHANNEL = "tradewind_record_changes";
    private static final Logger LOG = Logger.getLogger(RecordChangeListener.class);

    @Inject
    PgListener listener;
    @Inject
    Generations generations;
    @Inject
    ReportCache cache;

    void onStart(@Observes @Priority(50) StartupEvent event) {
        listener.listen(CHANNEL, this::apply, listening -> {
            boolean was = generations.listening();
            if (listening) {
                // also after each reconnect: what changed in between is unknown. Cleared before the cache is
                // used again, so that nothing stored from now on is dropped by a late clear.
                cache.clear();
                generations.listening(true);
                LOG.debug("TW-RPC-002 listening for record changes");
            } else {
                generations.listening(false);
                if (was) {
                    LOG.warn("TW-RPC-001 not listening for record changes; report cache bypassed until it is back");
                }
            }
        });
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
