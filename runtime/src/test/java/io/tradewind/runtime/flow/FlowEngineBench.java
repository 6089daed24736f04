package io.tradewind.runtime.flow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tradewind.runtime.form.RecordEngine;
import io.tradewind.runtime.security.TradewindPrincipal;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The in-process side of the flow benchmark (issue 4; {@code bench/flow/run.sh}, side
 * {@code tradewind_embedded}): the approval flow of {@code bench/flow/app} started and completed
 * through the flow engine's service ({@link FlowService#start}, {@link FlowService#act} twice), in
 * the runtime's own JVM, as Flowable's embedded engine is driven through its services on the other
 * side. Everything below the HTTP layer runs as in production: the tenant transaction with
 * row-level security, permission checks, the engine, the history, the instance view each call
 * answers with.
 *
 * <p>
 * Not a test: its name keeps it out of {@code mvn verify}; the benchmark script names it
 * ({@code -Dtest=FlowEngineBench}) and passes {@code bench.threads}, {@code bench.warmup},
 * {@code bench.measure}, {@code bench.round}, {@code bench.sample}, {@code bench.analyze} (refresh
 * the planner's statistics before each measured window, default true) and {@code bench.out} (a file
 * the {@code round=… side=…} lines are appended to) as system properties. A window with errors, or
 * a sampled instance whose history lacks its start, an approval or its end, fails it.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(FlowEngineBench.OnlyTheBenchApp.class)
class FlowEngineBench {
    private static final String APP = "bench-approval";
    private static final String TENANT = "default";

    /** Only the benchmark's app package, nothing of the test apps. */
    public static class OnlyTheBenchApp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tradewind.apps-dir", "../bench/flow/app");
        }
    }

    @Inject
    FlowService flows;
    @Inject
    RecordEngine records;
    @Inject
    Pool pool;
    @Inject
    ObjectMapper mapper;

    private TradewindPrincipal submitter;
    private TradewindPrincipal approver1;
    private TradewindPrincipal approver2;

    @Test
    void run() throws Exception {
        submitter = user("submitter", "requester");
        approver1 = user("approver1", "approver");
        approver2 = user("approver2", "approver");
        int[] threads = Arrays.stream(System.getProperty("bench.threads", "1 4").trim().split("[ ,]+")).mapToInt(
                Integer::parseInt).toArray();
        int warmup = Integer.getInteger("bench.warmup", 15);
        int measure = Integer.getInteger("bench.measure", 30);
        int round = Integer.getInteger("bench.round", 1);
        int sample = Integer.getInteger("bench.sample", 20);
        String out = System.getProperty("bench.out");
        String db = pool.query("select current_database()").execute().await().indefinitely().iterator().next()
                .getString(0);
        print(out, "tradewind_embedded_database=" + db);
        boolean failed = false;
        for (int t : threads) {
            Window w = window(t, warmup, measure, sample);
            print(out, String.format("round=%d threads=%d side=tradewind_embedded instances=%d instances_per_s=%.1f"
                    + " p50_ms=%.2f p99_ms=%.2f records_created_in_window=%d errors=%d", round, t, w.instances,
                    w.instances / (double) measure, w.pctMillis(0.50), w.pctMillis(0.99), w.inline, w.errors));
            failed |= w.errors > 0 || w.instances == 0;
        }
        if (failed) {
            throw new AssertionError("errors in a measured window (see above)");
        }
    }

    private TradewindPrincipal user(String username, String role) {
        UUID id = UUID.randomUUID();
        sql("insert into app_user (tenant_id, id, username, display_name, email, password_hash) values ($1, $2, $3,"
                + " $4, $5, 'x')", TENANT, id, username, "Bench " + username, username + "@example.com");
        sql("insert into user_role (tenant_id, user_id, role_key) values ($1, $2, $3)", TENANT, id, role);
        return new TradewindPrincipal(TENANT, id, username, Set.of(role), null);
    }

    private void sql(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely();
    }

    private static synchronized void print(String out, String line) throws IOException {
        System.out.println(line);
        if (out != null) {
            Files.writeString(Path.of(out), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** What one window measured. */
    private record Window(long instances, long[] perThread, long[] busyNanos, long[] latencies, List<String> ids,
            long inline, long errors) {
        double pctMillis(double p) {
            return latencies.length == 0
                    ? 0
                    : latencies[Math.min(latencies.length - 1, (int) Math.ceil(p
                            * latencies.length) - 1)] / 1e6;
        }
    }

    /**
     * Records for a warm-up, the warm-up, records for the measured window sized from the warm-up's rate
     * (2.5× margin), the measured window, then the check of a sample of its instances.
     */
    private Window window(int threads, int warmup, int measure, int sample) throws Exception {
        List<ArrayDeque<String>> recs = prepare(threads, Math.max(20, warmup * 10L));
        Window w = loop(threads, warmup, recs);
        long need = 50;
        for (int i = 0; i < threads; i++) {
            double rate = w.busyNanos[i] == 0 ? 100 : w.perThread[i] / (w.busyNanos[i] / 1e9);
            // the warm-up's mean includes the cold start (a third of the warm rate and less)
            need = Math.max(need, (long) Math.ceil(rate * measure * 5) + 50);
        }
        recs = prepare(threads, need);
        if (!"false".equals(System.getProperty("bench.analyze"))) {
            sql("analyze"); // as the driver does for the other sides (bench/flow DbStats.analyze)
        }
        System.out.println("tradewind_embedded measuring threads=" + threads + " records_per_thread=" + need);
        Window m = loop(threads, measure, recs);
        List<String> ids = new ArrayList<>(m.ids);
        Collections.shuffle(ids, new Random(42));
        for (String id : ids.subList(0, Math.min(sample, ids.size()))) {
            verify(id);
        }
        return m;
    }

    /** {@code n} records of the form {@code request} per thread, created untimed, as the submitter. */
    private List<ArrayDeque<String>> prepare(int threads, long n) throws Exception {
        List<ArrayDeque<String>> out = new ArrayList<>();
        List<Thread> makers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ArrayDeque<String> q = new ArrayDeque<>();
            out.add(q);
            makers.add(Thread.ofPlatform().start(() -> {
                for (long i = 0; i < n; i++) {
                    q.add(record());
                }
            }));
        }
        for (Thread m : makers) {
            m.join();
        }
        return out;
    }

    private String record() {
        ObjectNode values = mapper.createObjectNode().put("title", "Request " + System.nanoTime()).put("amount",
                new java.math.BigDecimal("1234.50"));
        return records.create(submitter, APP, "request", values).await().indefinitely().id().toString();
    }

    private Window loop(int threads, int seconds, List<ArrayDeque<String>> recs) throws InterruptedException {
        long[] perThread = new long[threads];
        long[] busy = new long[threads];
        long[][] lat = new long[threads][];
        List<List<String>> ids = new ArrayList<>();
        AtomicLong inline = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        long[] end = new long[1];
        for (int i = 0; i < threads; i++) {
            ids.add(new ArrayList<>());
        }
        for (int i = 0; i < threads; i++) {
            int t = i;
            Thread.ofPlatform().name("bench-embedded-" + t).start(() -> {
                long[] l = new long[1024];
                int n = 0;
                ready.countDown();
                try {
                    go.await();
                    while (System.nanoTime() < end[0] && errors.get() < 100) {
                        try {
                            if (recs.get(t).isEmpty()) {
                                recs.get(t).add(record());
                                inline.incrementAndGet();
                            }
                            long t0 = System.nanoTime();
                            String id = instance(recs.get(t).poll());
                            long t1 = System.nanoTime();
                            busy[t] += t1 - t0;
                            if (t1 <= end[0]) {
                                if (n == l.length) {
                                    l = Arrays.copyOf(l, n * 2);
                                }
                                l[n++] = t1 - t0;
                                ids.get(t).add(id);
                            }
                        } catch (RuntimeException e) {
                            if (errors.incrementAndGet() <= 5) {
                                System.err.println("tradewind_embedded: " + e);
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
        end[0] = System.nanoTime() + seconds * 1_000_000_000L;
        go.countDown();
        done.await();
        return new Window(Arrays.stream(perThread).sum(), perThread, busy, Arrays.stream(lat).flatMapToLong(
                Arrays::stream).sorted().toArray(), ids.stream().flatMap(List::stream).toList(), inline.get(), errors
                        .get());
    }

    /** The loop body: start as the submitter, approve as approver1, approve as approver2. */
    @SuppressWarnings("unchecked")
    private String instance(String record) {
        Map<String, Object> started = flows.start(submitter, APP, "request", record, "two-step", null).await()
                .indefinitely();
        String id = started.get("id").toString();
        String task = openTask(started, "first", id);
        Map<String, Object> first = (Map<String, Object>) flows.act(approver1, task, "approve", new ActionBody("ok",
                null, null, null)).await().indefinitely().get("instance");
        task = openTask(first, "second", id);
        Map<String, Object> second = (Map<String, Object>) flows.act(approver2, task, "approve", new ActionBody(
                "ok", null, null, null)).await().indefinitely().get("instance");
        if (!"approved".equals(second.get("status")) || !((List<?>) second.get("openTasks")).isEmpty()) {
            throw new IllegalStateException("instance " + id + " after both approvals: " + second);
        }
        return id;
    }

    @SuppressWarnings("unchecked")
    private static String openTask(Map<String, Object> instance, String node, String id) {
        List<Map<String, Object>> open = (List<Map<String, Object>>) instance.get("openTasks");
        if (open.size() != 1 || !node.equals(open.get(0).get("node"))) {
            throw new IllegalStateException("instance " + id + ": expected one open task at " + node + ", got "
                    + instance);
        }
        return open.get(0).get("id").toString();
    }

    /** The instance ended approved, with the start, both approvals (with their comment) and the end. */
    @SuppressWarnings("unchecked")
    private void verify(String id) {
        Map<String, Object> inst = flows.instance(submitter, id).await().indefinitely();
        if (!"approved".equals(inst.get("status"))) {
            throw new AssertionError("instance " + id + ": status " + inst.get("status"));
        }
        boolean start = false;
        boolean first = false;
        boolean second = false;
        boolean end = false;
        for (Map<String, Object> h : (List<Map<String, Object>>) inst.get("history")) {
            Object action = h.get("action");
            Object node = h.get("node");
            Object actor = h.get("actor") == null ? null : ((Map<String, Object>) h.get("actor")).get("id");
            boolean approve = "approve".equals(action) && "ok".equals(h.get("comment"));
            start |= "start".equals(action) && submitter.userId().equals(actor);
            first |= approve && "first".equals(node) && approver1.userId().equals(actor);
            second |= approve && "second".equals(node) && approver2.userId().equals(actor);
            end |= "end".equals(action) && "done".equals(node) && String.valueOf(h.get("detail")).contains(
                    "approved");
        }
        if (!(start && first && second && end)) {
            throw new AssertionError("instance " + id + ": history lacks" + (start ? "" : " the start")
                    + (first ? "" : " approver1's approval of first") + (second
                            ? ""
                            : " approver2's approval of"
                                    + " second")
                    + (end ? "" : " the end") + ": " + inst.get("history"));
        }
    }
}
