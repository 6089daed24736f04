package io.tradewind.runtime.flow.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.web.JsonBodies;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Makes the outbound HTTP calls of flows (ADR 0018). Only http and https; GET, POST, PUT, PATCH and
 * DELETE; a time-out of at most 60 s for the whole call; redirects are answered, never followed;
 * response bodies up to 1 MB. The host is resolved once by {@link AddressGuard}, which refuses
 * internal and metadata addresses, and the connection goes to exactly that address, with the URL's
 * host in the {@code Host} header and in TLS SNI and certificate checks. Optional HMAC signing
 * ({@link WebhookSignature}) and {@code Idempotency-Key}.
 */
@ApplicationScoped
public class OutboundHttp {
    /** Largest response body, in bytes; also the largest request body. */
    public static final int MAX_BODY = 1024 * 1024;
    /** Longest time-out of a call. */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    /** Time-out of a call that names none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    /** Headers the client sets itself, or that would change how the connection is used. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade", "te", "trailer", "proxy-connection", "proxy-authorization", "expect",
            WebhookSignature.HEADER.toLowerCase(Locale.ROOT));
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    private static final Pattern VALUE = Pattern.compile("[^\\x00-\\x08\\x0a-\\x1f\\x7f]{0,8192}");

    private Vertx vertx;
    private AddressGuard guard;
    private Clock clock;
    private HttpClient client;

    /** For CDI. */
    OutboundHttp() {
    }

    @Inject
    OutboundHttp(Vertx vertx, HttpConfig config, TradewindClock clock) {
        this(vertx, new AddressGuard(config.allowedHosts().orElse(List.of())), clock, new HttpClientOptions());
    }

    /**
     * A client with its own guard, clock and client options (the tests' trust store); the options are
     * copied, and redirects, keep-alive and pooling are set here.
     */
    public OutboundHttp(Vertx vertx, AddressGuard guard, Clock clock, HttpClientOptions options) {
        this.vertx = vertx;
        this.guard = guard;
        this.clock = clock;
        // one connection per call: a pooled connection must never serve a call to another verified address
        this.client = vertx.createHttpClient(new HttpClientOptions(options).setKeepAlive(false).setMaxRedirects(0)
                .setVerifyHost(true).setTryUseCompression(false));
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /**
     * Sends {@code call}; completes with the response whatever its status, or fails with
     * {@link HttpCallFailed} (codes in its Javadoc).
     */
    public Uni<HttpResult> send(HttpCall call) {
        Target target;
        try {
            target = check(call);
        } catch (HttpCallFailed e) {
            return Uni.createFrom().failure(e);
        }
        return Uni.createFrom().emitter(em -> new Exchange(call, target, em).start());
    }

    /** What a checked call goes to. */
    private record Target(HttpMethod method, String host, int port, boolean ssl, String uri, Duration timeout) {
    }

    private static Target check(HttpCall call) {
        String method = call.method() == null ? "" : call.method().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw invalid("The method " + call.method() + " is not allowed; use one of " + METHODS + ".");
        }
        URI uri;
        try {
            uri = new URI(call.url() == null ? "" : call.url());
        } catch (URISyntaxException e) {
            throw invalid("The URL is not valid: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("Only http and https URLs can be called.");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw invalid("The URL needs a host and may not carry user info.");
        }
        Duration timeout = call.timeout() == null ? DEFAULT_TIMEOUT : call.timeout();
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw invalid("The time-out is more than 0 and at most " + MAX_TIMEOUT.toSeconds() + " s.");
        }
        for (Map.Entry<String, String> h : call.headers().entrySet()) {
            if (!TOKEN.matcher(h.getKey()).matches() || h.getValue() == null || !VALUE.matcher(h.getValue())
                    .matches()) {
                throw invalid("The header " + shown(h.getKey()) + " has a bad name or value (line breaks and control"
                        + " characters are not allowed).");
            }
            if (RESERVED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                throw invalid("The header " + h.getKey() + " is set by Tradewind and cannot be given.");
            }
        }
        if (call.idempotencyKey() != null && !VALUE.matcher(call.idempotencyKey()).matches()) {
            throw invalid("The idempotency key may not contain line breaks or control characters.");
        }
        if (call.body() != null && call.body().length() > MAX_BODY) {
            throw invalid("The request body is larger than " + MAX_BODY + " bytes.");
        }
        boolean ssl = scheme.equals("https");
        int port = uri.getPort() == -1 ? (ssl ? 443 : 80) : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new Target(HttpMethod.valueOf(method), uri.getHost(), port, ssl, path + query, timeout);
    }

    /** One call in flight: resolve, connect, send, read; the first outcome wins. */
    private final class Exchange {
        private final HttpCall call;
        private final Target target;
        private final UniEmitter<? super HttpResult> em;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile HttpClientRequest request;
        private long timer = -1;

        Exchange(HttpCall call, Target target, UniEmitter<? super HttpResult> em) {
            this.call = call;
            this.target = target;
            this.em = em;
        }

        void start() {
            timer = vertx.setTimer(target.timeout().toMillis(), t -> fail(new HttpCallFailed("HTTP_TIMEOUT",
                    "No complete answer from " + target.host() + " within " + target.timeout().toMillis() + " ms.")));
            em.onTermination(() -> {
                if (done.compareAndSet(false, true)) {
                    cleanUp(); // cancelled by the subscriber
                }
            });
            vertx.<InetAddress>executeBlocking(() -> guard.resolve(target.host()), false).onSuccess(this::connect)
                    .onFailure(this::fail);
        }

        private void connect(InetAddress address) {
            if (done.get()) {
                return;
            }
            RequestOptions o = new RequestOptions().setMethod(target.method()).setHost(target.host()).setPort(target
                    .port()).setSsl(target.ssl()).setURI(target.uri()).setFollowRedirects(false)
                    .setServer(SocketAddress.inetSocketAddress(target.port(), address.getHostAddress()))
                    .setConnectTimeout(target.timeout().toMillis());
            call.headers().forEach(o::putHeader);
            String body = call.body() == null ? "" : call.body();
            if (call.hmacSecret() != null) {
                o.putHeader(WebhookSignature.HEADER, WebhookSignature.sign(call.hmacSecret(), clock.instant()
                        .getEpochSecond(), body));
            }
            if (call.idempotencyKey() != null) {
                o.putHeader("Idempotency-Key", call.idempotencyKey());
            }
            client.request(o).onFailure(e -> fail(connectionFailed(e))).onSuccess(req -> {
                request = req;
                if (done.get()) {
                    req.reset();
                    return;
                }
                req.exceptionHandler(e -> fail(connectionFailed(e)));
                Buffer payload = Buffer.buffer(body.getBytes(StandardCharsets.UTF_8));
                (call.body() == null ? req.send() : req.send(payload)).onSuccess(this::read).onFailure(e -> fail(
                        connectionFailed(e)));
            });
        }

        private void read(HttpClientResponse response) {
            Buffer received = Buffer.buffer();
            response.exceptionHandler(e -> fail(connectionFailed(e)));
            response.handler(chunk -> {
                if (done.get()) {
                    return;
                }
                if (received.length() + chunk.length() > MAX_BODY) {
                    fail(new HttpCallFailed("HTTP_RESPONSE_TOO_LARGE", "The answer of " + target.host()
                            + " is larger than " + MAX_BODY + " bytes."));
                    return;
                }
                received.appendBuffer(chunk);
            });
            response.endHandler(x -> {
                if (!done.compareAndSet(false, true)) {
                    return;
                }
                cleanUp();
                Map<String, String> headers = new LinkedHashMap<>();
                response.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a,
                        b) -> a + ", " + b));
                String text = received.toString(StandardCharsets.UTF_8);
                em.complete(new HttpResult(response.statusCode(), headers, text, json(headers.get("content-type"),
                        text)));
            });
        }

        private void fail(Throwable e) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            cleanUp();
            HttpClientRequest r = request;
            if (r != null) {
                r.reset();
            }
            em.fail(e instanceof HttpCallFailed ? e : connectionFailed(e));
        }

        private void cleanUp() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }

        private HttpCallFailed connectionFailed(Throwable e) {
            if (e instanceof HttpCallFailed f) {
                return f;
            }
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new HttpCallFailed("HTTP_CONNECTION_FAILED", "The call to " + target.host() + " failed: " + (m
                    .length() > 300 ? m.substring(0, 300) : m));
        }
    }

    private static JsonNode json(String contentType, String body) {
        if (contentType == null || body.isEmpty()) {
            return null;
        }
        String type = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        if (!type.equals("application/json") && !type.endsWith("+json")) {
            return null;
        }
        try {
            return JsonBodies.mapper().readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    private static HttpCallFailed invalid(String message) {
        return new HttpCallFailed("HTTP_CALL_INVALID", message);
    }

    private static String shown(String s) {
        String v = s == null ? "null" : s.replaceAll("\\p{Cc}", "?");
        return v.length() > 60 ? v.substring(0, 60) + "…" : v;
    }
}
