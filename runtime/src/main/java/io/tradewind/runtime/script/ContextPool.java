package io.tradewind.runtime.script;

import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Value;

import io.tradewind.runtime.error.ScriptFailed;

/**
 * A bounded pool of sandboxed JavaScript contexts on one shared engine, with a watchdog that
 * interrupts an evaluation running past its time. A context that hit a limit, was interrupted or
 * failed inside the engine is closed and replaced, never returned to the pool.
 */
final class ContextPool implements AutoCloseable {

    /** How long a caller waits for a free context before giving up. */
    private static final Duration BORROW_WAIT = Duration.ofSeconds(10);
    /** Time budget of compiling a program in a context (parsing it and running its outer function). */
    static final Duration COMPILE_TIME = Duration.ofSeconds(5);
    /** Programs kept compiled per context. */
    private static final int PROGRAMS_PER_CONTEXT = 256;

    private final Engine engine;
    private final ScriptLimits limits;
    private final ResourceLimits resourceLimits;
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<Pooled> idle = new ConcurrentLinkedQueue<>();
    private final Set<Pooled> busy = ConcurrentHashMap.newKeySet();
    private final AtomicInteger created = new AtomicInteger();
    private final ScheduledExecutorService watchdog;

    ContextPool(ScriptLimits limits, int size) {
        this.limits = limits;
        this.permits = new Semaphore(size);
        this.engine = Engine.newBuilder("js").sandbox(SandboxPolicy.CONSTRAINED)
                .option("engine.WarnInterpreterOnly", "false").out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream()).build();
        this.resourceLimits = ResourceLimits.newBuilder().statementLimit(limits.statements(), null).build();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "tradewind-script-watchdog");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(2, limits.time().toMillis() / 10);
        watchdog.scheduleWithFixedDelay(this::interruptOverdue, tick, tick, TimeUnit.MILLISECONDS);
        warmUp();
    }

    /**
     * Runs a small program through every driver path once, untimed, on the first context, so the first
     * real evaluation does not pay the engine's cold start (hundreds of ms without a JIT) against its
     * time limit.
     */
    private void warmUp() {
        Pooled p = create();
        try {
            Value program = p.driver.getMember("formulas").execute(p.context.eval(WarmUp.FORMULAS));
            for (int i = 0; i < 3; i++) {
                program.execute(WarmUp.INPUT, "2026-01-01", "2026-01-01T00:00:00Z", "[\"a\"]");
            }
            Value rules = p.driver.getMember("rules").execute(p.context.eval(WarmUp.RULES));
            rules.execute(WarmUp.INPUT, "2026-01-01", "2026-01-01T00:00:00Z", "[]");
            p.programs.clear();
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        idle.offer(p);
    }

    /** Contexts created since the pool started (including replacements). */
    int contextsCreated() {
        return created.get();
    }

    /**
     * Runs {@code work} on a borrowed context under the limits. Limit failures become
     * {@link ScriptFailed} with {@link ScriptFailed#SCRIPT_LIMIT}; other polyglot failures are passed
     * on to the caller.
     */
    <T> T run(Function<Pooled, T> work) {
        acquire();
        Pooled pooled = null;
        boolean reusable = false;
        try {
            pooled = idle.poll();
            if (pooled == null) {
                pooled = create();
            }
            pooled.context.resetLimits();
            long deadline = System.nanoTime() + limits.time().toNanos();
            pooled.deadline.set(deadline == 0 ? 1 : deadline);
            busy.add(pooled);
            try {
                T result = work.apply(pooled);
                reusable = true;
                return result;
            } catch (PolyglotException e) {
                reusable = e.isGuestException() && !e.isCancelled() && !e.isInterrupted()
                        && !e.isResourceExhausted() && !e.isExit();
                if (e.isCancelled() || e.isInterrupted() || e.isResourceExhausted()) {
                    throw limitFailure(pooled);
                }
                throw e;
            } finally {
                busy.remove(pooled);
                long armed = pooled.deadline.get();
                if (armed < 0 || !pooled.deadline.compareAndSet(armed, 0)) {
                    reusable = false; // the watchdog took this context
                }
            }
        } finally {
            if (pooled != null) {
                if (reusable) {
                    idle.offer(pooled);
                } else {
                    pooled.close();
                }
            }
            permits.release();
        }
    }

    private ScriptFailed limitFailure(Pooled pooled) {
        String message = pooled.deadline.get() < 0
                ? "The script ran longer than its time limit of " + limits.time().toMillis() + " ms"
                : "The script exceeded its limit of " + limits.statements() + " statements";
        return new ScriptFailed(ScriptFailed.SCRIPT_LIMIT, message);
    }

    private void acquire() {
        try {
            if (!permits.tryAcquire(BORROW_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ScriptFailed(ScriptFailed.SCRIPT_LIMIT, "No script context became free in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScriptFailed(ScriptFailed.SCRIPT_LIMIT, "Interrupted while waiting for a script context");
        }
    }

    private Pooled create() {
        Context context = Context.newBuilder("js").engine(engine).sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream())
                .option("js.allow-eval", "false").option("js.console", "false").option("js.print", "false")
                .option("js.load", "false").option("js.graal-builtin", "false").option("js.strict", "true")
                .option("js.unhandled-rejections", "none").resourceLimits(resourceLimits).build();
        try {
            Value driver = context.eval(GuestLibrary.SOURCE);
            created.incrementAndGet();
            return new Pooled(context, driver, limits.time().toNanos());
        } catch (RuntimeException e) {
            context.close(true);
            throw e;
        }
    }

    /** Interrupts evaluations past their deadline; a context it interrupts is never reused. */
    private void interruptOverdue() {
        long now = System.nanoTime();
        for (Pooled p : busy) {
            long d = p.deadline.get();
            if (d > 0 && now - d > 0 && p.deadline.compareAndSet(d, -1)) {
                try {
                    p.context.interrupt(Duration.ofMillis(100));
                } catch (Exception e) {
                    // not interruptible in time (e.g. a finally block that loops): cancel it
                    try {
                        p.context.close(true);
                    } catch (RuntimeException ignored) {
                        // already closing
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        Pooled p;
        while ((p = idle.poll()) != null) {
            p.close();
        }
        for (Pooled b : busy) {
            b.close();
        }
        engine.close(true);
    }

    /**
     * One context, its library driver and the programs compiled in it. Used by one thread at a time.
     */
    static final class Pooled {
        final Context context;
        final Value driver;
        /** 0 idle, &gt;0 deadline in nanoTime, -1 taken by the watchdog. */
        final AtomicLong deadline = new AtomicLong();
        private final Map<Object, Value> programs = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Value> eldest) {
                return size() > PROGRAMS_PER_CONTEXT;
            }
        };

        private final long timeNanos;

        Pooled(Context context, Value driver, long timeNanos) {
            this.context = context;
            this.driver = driver;
            this.timeNanos = timeNanos;
        }

        /**
         * The program compiled in this context, compiling it on first use. Compiling runs under the
         * statement limit and a longer time budget ({@link #COMPILE_TIME}); the evaluation's own time
         * starts after it.
         */
        Value program(Object key, Function<Pooled, Value> compile) {
            Value v = programs.get(key);
            if (v == null) {
                long armed = deadline.get();
                if (armed > 0 && deadline.compareAndSet(armed, System.nanoTime() + COMPILE_TIME.toNanos())) {
                    armed = deadline.get();
                }
                v = compile.apply(this);
                programs.put(key, v);
                if (armed > 0) {
                    long next = System.nanoTime() + timeNanos;
                    deadline.compareAndSet(armed, next == 0 ? 1 : next);
                }
            }
            return v;
        }

        void close() {
            try {
                context.close(true);
            } catch (RuntimeException ignored) {
                // a cancelled context may refuse a second close
            }
        }
    }
}
