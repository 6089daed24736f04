package io.tradewind.runtime.report.cache;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.tradewind.runtime.form.RecordsChanged;
import io.tradewind.runtime.report.ReportCompiler.Source;

/**
 * When, on one counter, each form's records and each tenant's organisation (users' departments, the
 * department tree) last changed, as far as this replica knows. A cached result carries the
 * {@link #stamp() stamp} read before its statement ran; it is valid while nothing it read changed
 * after that stamp. A change that commits while the statement runs moves past the stamp, so such a
 * result is never served after the change is known here.
 *
 * <p>
 * Changes arrive from this replica's own writes ({@link RecordsChanged}, at once) and from the
 * database's notifications ({@link RecordChangeListener}, for every replica's writes and for SQL
 * run behind the runtime's back). While the listener is not connected, changes may be missed: the
 * cache is then not used at all, and everything is invalidated when it connects again.
 */
@ApplicationScoped
public class Generations {
    private final AtomicLong counter = new AtomicLong();
    private final ConcurrentHashMap<FormOf, Long> forms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> orgs = new ConcurrentHashMap<>();
    private volatile long everything;
    private volatile boolean listening;

    private record FormOf(String tenant, String app, String form) {
    }

    /** The current stamp; read it before running a statement whose result is to be cached. */
    public long stamp() {
        return counter.get();
    }

    /** Whether nothing that a statement of {@code tenant} reads changed after {@code stamp}. */
    public boolean unchangedSince(long stamp, String tenant, Collection<Source> reads, boolean org) {
        if (everything > stamp || org && orgs.getOrDefault(tenant, 0L) > stamp) {
            return false;
        }
        for (Source s : reads) {
            if (forms.getOrDefault(new FormOf(tenant, s.app(), s.form()), 0L) > stamp) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a change of the form's records has been noted here (for tests that wait for
     * notifications).
     */
    public boolean heardOf(String tenant, String app, String form) {
        return forms.containsKey(new FormOf(tenant, app, form));
    }

    /** Records of a form of a tenant changed. */
    public void formChanged(String tenant, String app, String form) {
        long at = counter.incrementAndGet();
        forms.merge(new FormOf(tenant, app, form), at, Math::max);
    }

    /** A tenant's users changed department, or its department tree changed. */
    public void orgChanged(String tenant) {
        long at = counter.incrementAndGet();
        orgs.merge(tenant, at, Math::max);
    }

    /** Everything cached so far is invalid (changes may have been missed). */
    public void everythingChanged() {
        everything = counter.incrementAndGet();
    }

    /** Whether changes made elsewhere reach this replica, so that a cached result may be served. */
    public boolean listening() {
        return listening;
    }

    void listening(boolean on) {
        // invalidate on both edges: while disconnected nothing is known, and after connecting nothing
        // from before is trusted
        everythingChanged();
        listening = on;
    }

    void onRecordsChanged(@Observes RecordsChanged e) {
        formChanged(e.tenant(), e.app(), e.form());
    }
}
