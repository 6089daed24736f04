package io.tradewind.runtime.flow;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.flow.HttpNode;
import io.tradewind.runtime.flow.http.HttpCall;
import io.tradewind.runtime.flow.http.HttpCallFailed;
import io.tradewind.runtime.flow.http.HttpResult;
import io.tradewind.runtime.flow.http.OutboundHttp;
import io.tradewind.runtime.job.JobContext;
import io.tradewind.runtime.job.JobHandler;
import io.tradewind.runtime.secret.Secrets;

/**
 * The HTTP request node as a job: the request is built from the instance as it stands (URL and
 * header placeholders, URL-encoded; the body expression as JSON), signed with the named tenant
 * secret, sent through the guarded client with the job's effect key as {@code Idempotency-Key}, and
 * only then is the instance locked to take the answer: a 2xx response becomes
 * {@code outputs.<node>} (the JSON body, or {@code {status, body}}) and the token moves on.
 * Anything else fails the attempt, so the job retries with backoff; after the last try the token
 * takes {@code onError} (with {@code {status, error}} as output), or, without one, the job becomes
 * an incident an admin can retry.
 */
@ApplicationScoped
public class FlowHttpHandler implements JobHandler {
    @Inject
    FlowEngine engine;
    @Inject
    OutboundHttp http;
    @Inject
    Secrets secrets;

    @Override
    public String kind() {
        return FlowJobs.HTTP;
    }

    @Override
    public Uni<Void> handle(JobContext job) {
        JsonNode p = job.payload();
        UUID id = UUID.fromString(p.get("instance").asText());
        int tokenId = p.get("token").asInt();
        int visit = p.get("visit").asInt();
        return engine.peek(job.connection(), job.tenant(), id).flatMap(run -> {
            ObjectNode token = run == null ? null : run.inst.token(tokenId);
            if (token == null || token.get("visit").asInt() != visit || !run.inst.running()) {
                return Uni.createFrom().voidItem(); // the instance moved on (cancelled, migrated)
            }
            HttpNode n = (HttpNode) run.flow.node(token.get("node").asText());
            return call(job, run, n).onFailure().recoverWithUni(e -> {
                if (!job.lastAttempt() || n.onError() == null) {
                    return Uni.createFrom().failure(e);
                }
                ObjectNode err = Instance.JSON.objectNode();
                if (e instanceof Refused r) {
                    err.put("status", r.status);
                }
                err.put("error", e.getMessage());
                return Uni.createFrom().item(new Outcome(err, false));
            }).flatMap(out -> engine.withInstance(job.connection(), job.tenant(), id, null, locked -> {
                ObjectNode t = locked.inst.token(tokenId);
                if (t == null || t.get("visit").asInt() != visit || !locked.inst.running()) {
                    return FlowRun.done();
                }
                locked.inst.outputs().set(n.key(), out.output());
                locked.event(null, n.key(), out.ok() ? "http" : "httpFailed", null, out.ok() ? null : out.output());
                locked.go(t, out.ok() ? n.next() : n.onError());
                return FlowRun.done();
            })).replaceWithVoid();
        });
    }

    private record Outcome(JsonNode output, boolean ok) {
    }

    /** A non-2xx answer. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private Uni<Outcome> call(JobContext job, FlowRun run, HttpNode n) {
        String at = "/nodes/" + n.key();
        String url = url(run, n.url(), at + "/url");
        Map<String, String> headers = new LinkedHashMap<>();
        n.headers().forEach((k, v) -> headers.put(k, run.render(v, at + "/headers/" + k).replaceAll("[\\r\\n]",
                " ")));
        String body = null;
        if (n.body() != null) {
            body = run.eval(n.body(), at + "/body").toString();
            headers.putIfAbsent("Content-Type", "application/json");
        }
        String payload = body;
        Uni<String> secret = n.secret() == null
                ? Uni.createFrom().nullItem()
                : secrets.get(job.connection(), job
                        .tenant(), n.secret()).map(v -> {
                            if (v == null) {
                                throw new HttpCallFailed("HTTP_SECRET_MISSING",
                                        "The tenant has no secret '" + n.secret()
                                                + "' to sign the request of node '" + n.key() + "'.");
                            }
                            return v;
                        });
        return secret.flatMap(key -> http.send(new HttpCall(n.method(), url, headers, payload, Duration.parse(n
                .timeout()), key, job.effectKey()))).map(r -> {
                    if (r.status() / 100 != 2) {
                        throw new Refused(r.status(), "HTTP " + r.status() + " from " + host(url));
                    }
                    return new Outcome(output(r), true);
                });
    }

    /**
     * The URL with its placeholders filled: those in the host part (between {@code ://} and the next
     * {@code /}) as they are but only host-name characters, the others URL-encoded; the address guard
     * checks the result anyway.
     */
    static String url(FlowRun run, String template, String pointer) {
        int scheme = template.indexOf("://");
        int path = scheme < 0 ? -1 : template.indexOf('/', scheme + 3);
        String authority = scheme < 0 ? "" : template.substring(0, path < 0 ? template.length() : path);
        String rest = scheme < 0 ? template : path < 0 ? "" : template.substring(path);
        String host = run.render(authority, pointer, s -> {
            if (!s.matches("[A-Za-z0-9.:\\[\\]-]*")) {
                throw io.tradewind.runtime.error.InvalidInput.of(pointer, "FLOW_BAD_URL", "A placeholder in the"
                        + " host of the URL gave '" + FlowCatalog.shorten(s) + "', which is not a host name.");
            }
            return s;
        });
        return host + run.render(rest, pointer, s -> URLEncoder.encode(s, StandardCharsets.UTF_8));
    }

    private static JsonNode output(HttpResult r) {
        if (r.json() != null) {
            return r.json();
        }
        ObjectNode o = Instance.JSON.objectNode().put("status", r.status());
        o.put("body", r.body() == null
                ? null
                : r.body().length() > 10_000
                        ? r.body().substring(0, 10_000)
                        : r
                                .body());
        return o;
    }

    private static String host(String url) {
        try {
            return java.net.URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return "the server";
        }
    }
}
