package io.tradewind.bench.flow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The flow-engine benchmark (issue 4): an approval flow (start, two sequential approvals, end, full history) started
 * and completed through Tradewind's engine over HTTP and through Flowable's embedded engine, side by side, with the
 * same number of threads, in alternating rounds. Prints key=value lines: one per measured window, then per thread
 * count the mean completed instances per second of each side and their ratio.
 *
 * <pre>
 * java -cp ... io.tradewind.bench.flow.FlowBench url=http://127.0.0.1:18095 admin-password=... \
 *     jdbc=jdbc:postgresql://127.0.0.1:5432/tw_bench_flowable pg-user=postgres pool=16 \
 *     threads="1 4" warmup=15 measure=30 rounds=2 sample=20 sides=tradewind,flowable,flowable_steps
 * </pre>
 *
 * Each window: an untimed preparation (Tradewind: records to start the flow on), a warm-up, a second untimed
 * preparation sized from the warm-up's rate, the measured window, then the history of a random sample of the
 * window's instances is checked (untimed); a missing start, approval or end fails the run.
 */
public final class FlowBench {
    private static final AtomicLong SEQ = new AtomicLong();

    /** What one window measured. */
    record Window(long instances, double seconds, long[] perThread, long[] busyNanos, long[] latencies,
            List<String> ids, long inline, long errors, long[] db) {
        double perSecond() {
            return instances / seconds;
        }

        double pctMillis(double p) {
            if (latencies.length == 0) {
                return 0;
            }
            return latencies[Math.min(latencies.length - 1, (int) Math.ceil(p * latencies.length) - 1)] / 1e6;
        }
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (String s : argv) {
            int eq = s.indexOf('=');
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        int[] threads = Arrays.stream(a.getOrDefault("threads", "1 4").trim().split("[ ,]+"))
                .mapToInt(Integer::parseInt).toArray();
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "15"));
        int measure = Integer.parseInt(a.getOrDefault("measure", "30"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "2"));
        int sample = Integer.parseInt(a.getOrDefault("sample", "20"));
        List<String> names = List.of(a.getOrDefault("sides", "tradewind,flowable,flowable_steps").split(","));

        if (a.containsKey("summarize")) {
            System.exit(Summary.print(java.nio.file.Path.of(a.get("summarize"))));
        }
        server = new DbStats(a.get("jdbc").replaceFirst("/[^/]*$", "/postgres"), a.getOrDefault("pg-user", "postgres"));
        stats = "1".equals(a.get("stats"));
        analyze = !"0".equals(a.get("analyze"));
        String fdb = a.get("jdbc").replaceFirst(".*/", "");
        databases = Map.of("tradewind", a.getOrDefault("tradewind-db", "tw_bench_flow"), "flowable", fdb,
                "flowable_steps", fdb);
        int firstRound = Integer.parseInt(a.getOrDefault("first-round", "1"));
        List<Side> sides = new ArrayList<>();
        FlowableBench flowable = null;
        for (String name : names) {
            long t0 = System.nanoTime();
            boolean steps = name.equals("flowable_steps");
            if (name.startsWith("flowable") && flowable != null) {
                sides.add(flowable.variant(steps));
                continue;
            }
            sides.add(switch (name) {
                case "tradewind" -> new TradewindBench(a.get("url"), a.get("admin-password"));
                case "flowable", "flowable_steps" -> flowable = new FlowableBench(a.get("jdbc"),
                        a.getOrDefault("pg-user", "postgres"), a.get("pg-password"),
                        Integer.parseInt(a.getOrDefault("pool", "16")), steps);
                default -> throw new IllegalArgumentException("unknown side " + name);
            });
            System.out.printf("%s_setup_ms=%d%n", name, (System.nanoTime() - t0) / 1_000_000);
        }

        Map<String, List<Double>> results = new LinkedHashMap<>();
        boolean failed = false;
        for (int round = firstRound; round < firstRound + rounds; round++) {
            for (int t : threads) {
                List<Side> order = new ArrayList<>(sides);
                if (round % 2 == 0) {
                    Collections.reverse(order);
                }
                for (Side side : order) {
                    Window w = window(side, t, warmup, measure, sample);
                    String key = side.name() + "_t" + t;
                    results.computeIfAbsent(key, k -> new ArrayList<>()).add(w.perSecond());
                    System.out.printf("round=%d threads=%d side=%s instances=%d instances_per_s=%.1f p50_ms=%.2f "
                            + "p99_ms=%.2f records_created_in_window=%d errors=%d%n", round, t, side.name(),
                            w.instances(), w.perSecond(), w.pctMillis(0.50), w.pctMillis(0.99), w.inline(),
                            w.errors());
                    if (w.db() != null) {
                        // counts everything in the database during the window, incl. instances still under way at its
                        // end; an estimate per instance
                        System.out.printf("round=%d threads=%d side=%s db_commits_per_instance=%.2f "
                                + "db_rows_written_per_instance=%.1f%n", round, t, side.name(),
                                w.db()[0] / (double) w.instances(), w.db()[1] / (double) w.instances());
                    }
                    failed |= w.errors() > 0 || w.instances() == 0;
                    System.out.flush();
                }
            }
        }
        for (Side side : sides) {
            side.close();
        }

        if ("0".equals(a.get("summary"))) { // the script prints one summary over every side's lines
            System.exit(failed ? 1 : 0);
        }
        System.out.printf("threads=%s warmup_s=%d measure_s=%d rounds=%d%n", a.getOrDefault("threads", "1 4"), warmup,
                measure, rounds);
        for (int t : threads) {
            for (String name : names) {
                List<Double> r = results.get(name + "_t" + t);
                System.out.printf("%s_threads_%d_instances_per_s=%.1f (rounds: %s)%n", name, t, mean(r),
                        String.join(" ", r.stream().map(x -> String.format("%.1f", x)).toList()));
            }
            for (String name : names) {
                if (names.contains("tradewind") && name.startsWith("flowable")) {
                    System.out.printf("ratio_threads_%d_tradewind_vs_%s=%.2f%n", t, name,
                            mean(results.get("tradewind_t" + t)) / mean(results.get(name + "_t" + t)));
                }
            }
        }
        if (failed) {
            System.out.println("FAILED: errors in a measured window (see above)");
            System.exit(1);
        }
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** The server; with {@code stats=1} pg_stat_database is read around each measured window (adds 22 s each). */
    private static DbStats server;
    private static boolean stats;
    /** {@code analyze=0} leaves the statistics to autovacuum (default: analyze before each measured window). */
    private static boolean analyze;
    private static Map<String, String> databases = Map.of();

    private static Window window(Side side, int threads, int warmup, int measure, int sample) throws Exception {
        long[] guess = new long[threads];
        Arrays.fill(guess, Math.max(20, warmup * 10L));
        side.prepareWindow(threads, guess);
        Window w = run(side, threads, warmup);
        long[] need = new long[threads];
        for (int i = 0; i < threads; i++) {
            double rate = w.busyNanos()[i] == 0 ? 100 : w.perThread()[i] / (w.busyNanos()[i] / 1e9);
            // the warm-up's mean includes the cold start (a third of the warm rate and less)
            need[i] = (long) Math.ceil(rate * measure * 5) + 50;
        }
        side.prepareWindow(threads, need);
        String db = databases.get(side.name());
        if (analyze && db != null) {
            server.analyze(db);
        }
        long[] before = !stats || db == null ? null : server.read(db);
        Window m = run(side, threads, measure);
        if (before != null) {
            long[] after = server.read(db);
            m = new Window(m.instances(), m.seconds(), m.perThread(), m.busyNanos(), m.latencies(), m.ids(),
                    m.inline(), m.errors(), new long[] {after[0] - before[0], after[1] - before[1]});
        }
        List<String> ids = new ArrayList<>(m.ids());
        Collections.shuffle(ids, new Random(42));
        side.verify(ids.subList(0, Math.min(sample, ids.size())));
        return m;
    }

    private static Window run(Side side, int threads, int seconds) throws InterruptedException {
        long[] perThread = new long[threads];
        long[] busy = new long[threads];
        long[][] lat = new long[threads][];
        List<List<String>> ids = new ArrayList<>();
        AtomicLong inline = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        long[] window = new long[2];
        for (int i = 0; i < threads; i++) {
            ids.add(new ArrayList<>());
        }
        for (int i = 0; i < threads; i++) {
            int t = i;
            Thread.ofPlatform().name("bench-" + side.name() + "-" + t).start(() -> {
                long[] l = new long[1024];
                int n = 0;
                ready.countDown();
                try {
                    go.await();
                    long end = window[1];
                    while (System.nanoTime() < end && errors.get() < 100) {
                        try {
                            if (side.prepareNext(t)) {
                                inline.incrementAndGet();
                            }
                            long t0 = System.nanoTime();
                            String id = side.runInstance(t, SEQ.incrementAndGet());
                            long t1 = System.nanoTime();
                            busy[t] += t1 - t0;
                            if (t1 <= end) {
                                if (n == l.length) {
                                    l = Arrays.copyOf(l, n * 2);
                                }
                                l[n++] = t1 - t0;
                                ids.get(t).add(id);
                            }
                        } catch (Exception e) {
                            if (errors.incrementAndGet() <= 5) {
                                System.err.println(side.name() + ": " + e);
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    perThread[t] = n;
                    lat[t] = Arrays.copyOf(l, n);
                    done.countDown();
                }
            });
        }
        ready.await();
        window[0] = System.nanoTime();
        window[1] = window[0] + seconds * 1_000_000_000L;
        go.countDown();
        done.await();
        long total = Arrays.stream(perThread).sum();
        long[] all = Arrays.stream(lat).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Window(total, seconds, perThread, busy, all, ids.stream().flatMap(List::stream).toList(),
                inline.get(), errors.get(), null);
    }
}
