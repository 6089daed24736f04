package io.tradewind.runtime.job;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Delays between attempts: exponential with "equal jitter". After attempt {@code n} fails, the
 * ceiling is {@code min(max, base × 2^(n−1))} and the delay is drawn uniformly from its upper half,
 * so retries of jobs that failed together spread out, while the delays still never shrink from one
 * attempt to the next (each range starts where the previous one ends).
 */
public final class Backoff {
    private Backoff() {
    }

    /** The delay after failed attempt {@code attempt} (from 1). */
    public static Duration delay(int attempt, Duration base, Duration max, RandomGenerator random) {
        long ceiling = ceiling(attempt, base.toMillis(), max.toMillis());
        long half = ceiling / 2;
        return Duration.ofMillis(ceiling - half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }

    /** The largest delay after failed attempt {@code attempt}. */
    static long ceiling(int attempt, long baseMillis, long maxMillis) {
        int shift = Math.max(0, Math.min(attempt - 1, 40));
        long d = baseMillis << shift;
        return d < 0 || d > maxMillis || (shift > 0 && d >> shift != baseMillis) ? maxMillis : d;
    }
}
