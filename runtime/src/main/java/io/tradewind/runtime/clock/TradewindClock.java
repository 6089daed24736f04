package io.tradewind.runtime.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one source of time for the runtime. Production reads the system clock; with
 * {@code TRADEWIND_CLOCK_CONTROL=true} tests may shift it forward to exercise timers and reminders
 * deterministically.
 */
@ApplicationScoped
public class TradewindClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), offset);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    /** The current shift from real time. */
    public Duration offset() {
        return offset;
    }

    /** Shifts the clock; only reachable through the test-clock endpoint when it is enabled. */
    public void setOffset(Duration offset) {
        this.offset = offset;
    }
}
