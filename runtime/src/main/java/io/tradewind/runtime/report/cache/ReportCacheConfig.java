package io.tradewind.runtime.report.cache;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The report result cache ({@code docs/adr/0013-report-cache.md}); nothing needs configuring.
 */
@ConfigMapping(prefix = "tradewind.reports.cache")
public interface ReportCacheConfig {

    /** Whether report, dashboard and export results are cached at all. */
    @WithDefault("true")
    boolean enabled();

    /** Most results kept per replica (each at most 1000 rows); the least recently used go first. */
    @WithDefault("1000")
    int maxEntries();

    /**
     * Longest time a result is served, measured on the runtime clock, as a safety net: a change made to
     * the records invalidates a result long before.
     */
    @WithDefault("10m")
    Duration ttl();

    /**
     * Only results whose statement took at least this long are kept; quick reports are simply run
     * again. {@code 0} keeps every result.
     */
    @WithDefault("20ms")
    Duration minDuration();
}
