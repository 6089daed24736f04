package io.tradewind.runtime.report.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.report.ReportCompiler;

/**
 * Rows of report statements, kept per replica and served again while nothing they read has changed.
 * The key is the statement itself (SQL text and bound values, which include the tenant, the
 * caller's row scope, the field set and the parameter values) with the app's content hash: two
 * callers share an entry only if they would run the identical statement against the same
 * definitions. Validity follows {@link Generations}; a time to live on the runtime clock is a
 * safety net. Only rows are kept: labels, drill-down links and funnel conversion are derived anew
 * for each call.
 */
@ApplicationScoped
public class ReportCache {
    @Inject
    ReportCacheConfig config;
    @Inject
    Generations generations;
    @Inject
    TradewindClock clock;

    private Cache<Key, Entry> entries;

    /** What a result was computed from. */
    private record Key(String tenant, String version, String sql, List<Object> params) {
    }

    private record Entry(List<List<Object>> rows, Instant computedAt, long stamp, Set<ReportCompiler.Source> reads,
            boolean org) {
    }

    /**
     * Rows for a caller.
     *
     * @param hit
     *            whether they came from the cache
     * @param computedAt
     *            when the statement that produced them ran (runtime clock)
     */
    public record Rows(List<List<Object>> rows, boolean hit, Instant computedAt) {
    }

    @PostConstruct
    void init() {
        // real-time expiry only frees memory; validity is decided on the runtime clock in valid()
        entries = Caffeine.newBuilder().maximumSize(Math.max(0, config.maxEntries())).expireAfterWrite(config.ttl())
                .build();
    }

    /**
     * The rows of {@code statement} for {@code tenant}: from the cache when a valid entry exists, else
     * from {@code run}, whose rows are kept if the statement took at least the configured minimum.
     *
     * @param version
     *            the content hash of the report's app, so that a republished definition never meets old
     *            rows
     * @param refresh
     *            run the statement even when a valid entry exists (and replace it)
     */
    public Uni<Rows> rows(String tenant, String version, ReportCompiler.Compiled statement, boolean refresh,
            Supplier<Uni<List<List<Object>>>> run) {
        if (!config.enabled() || !generations.listening()) {
            return run.get().map(rows -> new Rows(rows, false, clock.instant()));
        }
        Key key = new Key(tenant, version, statement.sql(), comparable(statement.params()));
        Entry e = entries.getIfPresent(key);
        if (e != null && !refresh) {
            if (valid(e, tenant)) {
                return Uni.createFrom().item(new Rows(e.rows(), true, e.computedAt()));
            }
            entries.asMap().remove(key, e);
        }
        return Uni.createFrom().deferred(() -> {
            long stamp = generations.stamp();
            Instant computedAt = clock.instant();
            long started = System.nanoTime();
            return run.get().map(rows -> {
                long took = System.nanoTime() - started;
                List<List<Object>> kept = frozen(rows);
                if (took >= config.minDuration().toNanos()
                        && generations.unchangedSince(stamp, tenant, statement.reads(), statement.readsOrg())) {
                    entries.put(key, new Entry(kept, computedAt, stamp, statement.reads(), statement.readsOrg()));
                }
                return new Rows(kept, false, computedAt);
            });
        });
    }

    private boolean valid(Entry e, String tenant) {
        Duration age = Duration.between(e.computedAt(), clock.instant());
        // a clock moved back makes the age negative: treat as expired rather than trust it longer
        return !age.isNegative() && age.compareTo(config.ttl()) < 0
                && generations.unchangedSince(e.stamp(), tenant, e.reads(), e.org());
    }

    /** Drops every entry (the entries' stamps would refuse them anyway; this frees the memory). */
    public void clear() {
        entries.invalidateAll();
    }

    /** The number of entries held, for tests and metrics. */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private static List<List<Object>> frozen(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(Collections.unmodifiableList(r)));
        return Collections.unmodifiableList(out);
    }

    /** Bound values with arrays turned into lists, so that equal statements have equal keys. */
    private static List<Object> comparable(List<Object> params) {
        List<Object> out = new ArrayList<>(params.size());
        for (Object p : params) {
            out.add(p instanceof Object[] a ? comparable(java.util.Arrays.asList(a)) : p);
        }
        return Collections.unmodifiableList(out);
    }
}
