package io.tradewind.bench.flow;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running Tradewind runtime over HTTP (one {@link HttpClient}, HTTP/1.1, one connection per client thread), with
 * the app package {@code bench/flow/app/bench-approval}. The loop body starts the flow {@code two-step} on a record of
 * the form {@code request} created before the window, as the submitter, then approves the open task as approver1 and
 * the next one as approver2, each with a comment; the instance ends with the outcome {@code approved}.
 */
final class TradewindBench implements Side {
    static final String PASSWORD = "bench-Pa55word";
    private static final String APP = "/api/apps/bench-approval/forms/request/records";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String base;
    private final String adminPassword;
    private String admin;
    private String submitter;
    private String approver1;
    private String approver2;
    private final Map<String, String> userIds = new HashMap<>();
    private List<ArrayDeque<String>> records = List.of();

    TradewindBench(String base, String adminPassword) throws Exception {
        this.base = base;
        this.adminPassword = adminPassword;
        signIn(false);
        check(send("GET", "/api/apps/bench-approval", admin, null), 200,
                "the runtime has not installed bench-approval (a refused package is logged with TW-APP-002)");
        createUser("submitter", "requester");
        createUser("approver1", "approver");
        createUser("approver2", "approver");
        signIn(true);
    }

    @Override
    public String name() {
        return "tradewind";
    }

    private void createUser(String username, String role) throws Exception {
        HttpResponse<String> r = send("POST", "/api/admin/users", admin, "{\"username\":\"" + username
                + "\",\"displayName\":\"Bench " + username + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\""
                + role + "\"]}");
        if (r.statusCode() == 409) { // a second run on the same database
            r = send("GET", "/api/admin/users?q=" + username, admin, null);
            for (JsonNode u : json.readTree(check(r, 200, "find user " + username)).path("items")) {
                if (username.equals(u.path("username").asString())) {
                    userIds.put(username, u.path("id").asString());
                }
            }
            return;
        }
        userIds.put(username, json.readTree(check(r, 201, "create user " + username)).path("id").asString());
    }

    /** Fresh tokens for every user (before each window, so none expires inside one). */
    private void signIn(boolean users) throws Exception {
        admin = token("admin", adminPassword);
        if (users) {
            submitter = token("submitter", PASSWORD);
            approver1 = token("approver1", PASSWORD);
            approver2 = token("approver2", PASSWORD);
        }
    }

    private String token(String user, String password) throws Exception {
        HttpResponse<String> r = send("POST", "/api/auth/token", null,
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        return json.readTree(check(r, 200, "sign in as " + user)).path("access_token").asString();
    }

    @Override
    public void prepareWindow(int threads, long[] perThread) throws Exception {
        signIn(true);
        List<ArrayDeque<String>> fresh = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fresh.add(new ArrayDeque<>());
        }
        // Created untimed, by as many client threads as the window uses.
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(threads, 2))) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ArrayDeque<String> queue = fresh.get(t);
                long n = perThread[t];
                jobs.add(pool.submit(() -> {
                    for (long i = 0; i < n; i++) {
                        queue.add(createRecord());
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
        }
        records = fresh;
    }

    private String createRecord() throws Exception {
        HttpResponse<String> r = send("POST", APP, submitter,
                "{\"title\":\"Request " + System.nanoTime() + "\",\"amount\":1234.50}");
        return json.readTree(check(r, 201, "create a request")).path("id").asString();
    }

    @Override
    public boolean prepareNext(int thread) throws Exception {
        if (!records.get(thread).isEmpty()) {
            return false;
        }
        records.get(thread).add(createRecord());
        return true;
    }

    @Override
    public String runInstance(int thread, long seq) throws Exception {
        String record = records.get(thread).poll();
        JsonNode started = json.readTree(check(send("POST", APP + "/" + record + "/flows/two-step", submitter, "{}"),
                201, "start two-step on " + record));
        String instance = started.path("id").asString();
        String task = openTask(started, "first", instance);
        JsonNode first = json.readTree(check(send("POST", "/api/tasks/" + task + "/actions/approve", approver1,
                "{\"comment\":\"ok\"}"), 200, "approve " + task + " as approver1")).path("instance");
        task = openTask(first, "second", instance);
        JsonNode second = json.readTree(check(send("POST", "/api/tasks/" + task + "/actions/approve", approver2,
                "{\"comment\":\"ok\"}"), 200, "approve " + task + " as approver2")).path("instance");
        if (!"approved".equals(second.path("status").asString()) || !second.path("openTasks").isEmpty()) {
            throw new IllegalStateException("instance " + instance + " after both approvals: " + second);
        }
        return instance;
    }

    private static String openTask(JsonNode instance, String node, String id) {
        JsonNode open = instance.path("openTasks");
        if (open.size() != 1 || !node.equals(open.get(0).path("node").asString())) {
            throw new IllegalStateException("instance " + id + ": expected one open task at " + node + ", got "
                    + instance);
        }
        return open.get(0).path("id").asString();
    }

    @Override
    public void verify(List<String> instanceIds) throws Exception {
        for (String id : instanceIds) {
            JsonNode inst = json.readTree(check(send("GET", "/api/flow-instances/" + id, admin, null), 200,
                    "read instance " + id));
            if (!"approved".equals(inst.path("status").asString())) {
                throw new IllegalStateException("tradewind instance " + id + ": status " + inst.path("status"));
            }
            boolean start = false;
            boolean firstApproved = false;
            boolean secondApproved = false;
            boolean end = false;
            for (JsonNode h : inst.path("history")) {
                String action = h.path("action").asString("");
                String node = h.path("node").asString("");
                String actor = h.path("actor").toString();
                start |= action.equals("start") && mentions(actor, "submitter");
                end |= action.equals("end") && "done".equals(node)
                        && "approved".equals(h.path("detail").path("outcome").asString(""));
                boolean approve = action.equals("approve") && "ok".equals(h.path("comment").asString(""));
                firstApproved |= approve && "first".equals(node) && mentions(actor, "approver1");
                secondApproved |= approve && "second".equals(node) && mentions(actor, "approver2");
            }
            if (!(start && firstApproved && secondApproved && end)) {
                throw new IllegalStateException("tradewind instance " + id + ": history lacks"
                        + (start ? "" : " the start") + (firstApproved ? "" : " approver1's approval of first")
                        + (secondApproved ? "" : " approver2's approval of second") + (end ? "" : " the end")
                        + ": " + inst.path("history"));
            }
        }
    }

    /** The history names its actor by username or by id. */
    private boolean mentions(String actor, String username) {
        String id = userIds.get(username);
        return actor.contains(username) || id != null && actor.contains(id);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String check(HttpResponse<String> r, int expected, String what) {
        if (r.statusCode() != expected) {
            throw new IllegalStateException(what + ": " + r.request().method() + " " + r.request().uri() + " answered "
                    + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    @Override
    public void close() {
        http.close();
    }
}
