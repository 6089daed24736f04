package io.tradewind.runtime.job;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * The built-in kind {@code tradewind.noop}: does nothing and is done. For checking that a replica
 * runs jobs at all, and for measuring the executor itself (bench/jobs).
 */
@ApplicationScoped
public class NoopHandler implements JobHandler {
    /** Its kind. */
    public static final String KIND = "tradewind.noop";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<Void> handle(JobContext job) {
        return Uni.createFrom().voidItem();
    }
}
