import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tradewind.runtime.form.CompiledForm.EvalEnv;
import io.tradewind.runtime.script.Formula;
import io.tradewind.runtime.script.FormulaProgram;
import io.tradewind.runtime.script.ScriptEngine;
import io.tradewind.runtime.script.ScriptLimits;
import io.tradewind.runtime.script.SubtableFormulas;

/**
 * Amortized cost per formula of the quote program (5 lines: 5 row formulas + 1 total = 6 formulas
 * per record) on warm contexts, one thread and two threads. Run with bench/formula/run.sh.
 */
public class FormulaBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final EvalEnv ENV = new EvalEnv(Instant.parse("2026-11-23T10:00:00Z"), ZoneId.of("UTC"), Set.of(), "en");
    static final int FORMULAS_PER_RECORD = 6;

    public static void main(String[] args) throws Exception {
        long warmSeconds = Long.getLong("warm", 20);
        long runSeconds = Long.getLong("run", 10);
        System.out.println("java " + System.getProperty("java.vm.name") + " " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cpus");
        try (var engine = new ScriptEngine(ScriptLimits.DEFAULT, 4)) {
            FormulaProgram quote = engine.formulas("quote",
                    List.of(new Formula("total", "sum(lines, l => l.amount)", "decimal", 2)),
                    List.of(new SubtableFormulas("lines", List.of(new Formula("amount", "qty * unitPrice", "decimal", 2)))));
            for (int threads : new int[] {1, 2}) {
                run(quote, threads, Duration.ofSeconds(warmSeconds), false);
                run(quote, threads, Duration.ofSeconds(runSeconds), true);
            }
            System.out.println("contexts created: " + engine.contextsCreated());
        }
    }

    static void run(FormulaProgram program, int threads, Duration duration, boolean report) throws Exception {
        var records = new AtomicLong();
        var start = new CountDownLatch(1);
        var done = new CountDownLatch(threads);
        long[] end = new long[1];
        for (int t = 0; t < threads; t++) {
            int seed = t;
            Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    long n = 0;
                    long stop = System.nanoTime() + duration.toNanos();
                    while (System.nanoTime() < stop) {
                        ObjectNode data = record(seed * 1_000_000 + n);
                        program.compute(data, ENV);
                        if (data.get("total").decimalValue().signum() <= 0) {
                            throw new IllegalStateException("wrong total");
                        }
                        n++;
                    }
                    records.addAndGet(n);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        long t0 = System.nanoTime();
        start.countDown();
        done.await();
        long elapsed = System.nanoTime() - t0;
        if (report) {
            double perRecordUs = elapsed / 1000.0 / records.get() * threads; // thread time per record
            double throughputUs = elapsed / 1000.0 / records.get(); // wall time per record, all threads
            System.out.printf("threads=%d records=%d  %.2f us/formula per thread (%.1f us/record), "
                    + "%.2f us/formula of wall time at this concurrency%n", threads, records.get(),
                    perRecordUs / FORMULAS_PER_RECORD, perRecordUs, throughputUs / FORMULAS_PER_RECORD);
        }
    }

    static ObjectNode record(long n) {
        ObjectNode data = JSON.createObjectNode();
        data.put("status", "draft");
        var lines = data.putArray("lines");
        for (int i = 0; i < 5; i++) {
            lines.addObject().put("qty", 1 + (n + i) % 7).put("unitPrice", new java.math.BigDecimal((n % 1000) + "." + (10 + i)));
        }
        return data;
    }
}
