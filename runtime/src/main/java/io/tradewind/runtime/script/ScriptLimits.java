package io.tradewind.runtime.script;

import java.time.Duration;

/**
 * The budget of one evaluation (one record's formulas, or one record's rules).
 *
 * @param statements
 *            guest statements one evaluation may execute (GraalJS statement limit)
 * @param time
 *            wall-clock time one evaluation may take before a watchdog interrupts it
 */
public record ScriptLimits(long statements, Duration time) {

    /**
     * 100,000 statements and 500 ms. The time is wall-clock time, so it also counts time the thread
     * waits for a CPU; 500 ms leaves room for a busy two-core machine and a cold engine, while the
     * statement limit stops ordinary runaway loops much sooner.
     */
    public static final ScriptLimits DEFAULT = new ScriptLimits(100_000, Duration.ofMillis(500));

    public ScriptLimits {
        if (statements <= 0) {
            throw new IllegalArgumentException("statements must be positive");
        }
        if (time == null || time.isNegative() || time.isZero()) {
            throw new IllegalArgumentException("time must be positive");
        }
    }
}
