package io.tradewind.runtime.flow.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PfxOptions;

/**
 * Outbound calls against real HTTP servers on this machine: internal addresses refused before any
 * connection, a host opened by allowed-hosts reached with its own Host header (also over TLS with
 * the certificate checked against the host name), redirects answered and not followed, the
 * time-out, signatures the receiver verifies, and the body cap.
 */
class OutboundHttpTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Vertx vertx;
    private static HttpServer server;
    private static HttpServer tls;
    private static Path keystore;
    private static int port;
    private static int tlsPort;
    private static final ConcurrentLinkedQueue<Seen> SEEN = new ConcurrentLinkedQueue<>();

    /** A request the test server received. */
    record Seen(String method, String uri, Map<String, String> headers, String body) {
    }

    @BeforeAll
    static void servers() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(OutboundHttpTest::answer).listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = server.actualPort();
        keystore = selfSigned("localhost");
        tls = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(store()))
                .requestHandler(OutboundHttpTest::answer).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        tlsPort = tls.actualPort();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Files.deleteIfExists(keystore);
    }

    /** A key store with a self-signed certificate for {@code host} (made with the JDK's keytool). */
    private static Path selfSigned(String host) throws Exception {
        Path p = Files.createTempFile("outbound-tls", ".p12");
        Files.delete(p);
        Process k = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + host,
                "-ext", "SAN=dns:" + host, "-validity", "2", "-keystore", p.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(k.getInputStream().readAllBytes());
        assertThat(k.waitFor()).as(out).isZero();
        return p;
    }

    private static PfxOptions store() {
        return new PfxOptions().setPath(keystore.toString()).setPassword("changeit");
    }

    @BeforeEach
    void forget() {
        SEEN.clear();
    }

    private static void answer(HttpServerRequest r) {
        r.body().onSuccess(b -> {
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            r.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
            SEEN.add(new Seen(r.method().name(), r.uri(), headers, b.toString()));
            switch (r.path()) {
                case "/redirect" -> r.response().setStatusCode(302).putHeader("Location", "/target").end();
                case "/silent" -> {
                    // never answers
                }
                case "/big" -> r.response().end("x".repeat(OutboundHttp.MAX_BODY + 1));
                case "/exactly" -> r.response().end("y".repeat(OutboundHttp.MAX_BODY));
                default -> r.response().putHeader("Content-Type", "application/json; charset=utf-8").putHeader(
                        "X-Seen", "a").end("{\"ok\": true, \"path\": \"" + r.path() + "\"}");
            }
        });
    }

    private static OutboundHttp client(String... allowed) {
        return new OutboundHttp(vertx, new AddressGuard(List.of(allowed)), Clock.systemUTC(), new HttpClientOptions()
                .setTrustOptions(store()));
    }

    private static HttpResult send(OutboundHttp http, HttpCall call) {
        return http.send(call).await().atMost(WAIT);
    }

    private static HttpCallFailed failure(OutboundHttp http, HttpCall call) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> send(http, call));
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        assertThat(t).isInstanceOf(HttpCallFailed.class);
        return (HttpCallFailed) t;
    }

    @Test
    void loopbackPrivateAndMetadataAddressesAreRefusedBeforeAnyConnection() {
        OutboundHttp http = client();
        for (String url : List.of("http://127.0.0.1:" + port + "/", "http://localhost:" + port + "/", "http://[::1]:"
                + port + "/", "http://[::ffff:127.0.0.1]:" + port + "/", "http://[::ffff:7f00:1]:" + port + "/",
                "http://[::127.0.0.1]:" + port + "/", "http://2130706433:" + port + "/",
                "http://10.1.2.3/", "http://172.16.0.1/", "http://192.168.1.1/", "http://100.64.0.1/",
                "http://169.254.169.254/latest/meta-data/", "http://metadata.google.internal/",
                "http://[fd00:ec2::254]/",
                "http://[fe80::1]/", "http://0.0.0.0:" + port + "/", "http://255.255.255.255/", "http://224.0.0.1/")) {
            HttpCallFailed f = failure(http, HttpCall.get(url));
            assertThat(f.code()).as(url).isEqualTo("HTTP_ADDRESS_REFUSED");
            assertThat(f.getMessage()).as(url).contains("resolves to");
        }
        assertThat(failure(http, HttpCall.get("http://localhost:" + port + "/")).getMessage()).contains("localhost")
                .contains("127.0.0.1").contains("loopback");
        // a short form java.net.URI does not take as a host is not a URL at all
        assertThat(failure(http, HttpCall.get("http://127.1:" + port + "/")).code()).isEqualTo("HTTP_CALL_INVALID");
        assertThat(SEEN).as("no request reached the server").isEmpty();
    }

    @Test
    void anAllowedHostIsReachedAtItsVerifiedAddressWithItsOwnHostHeader() {
        HttpResult r = send(client("localhost"), new HttpCall("post", "http://localhost:" + port + "/orders?x=1", Map
                .of("Authorization", "Bearer t0ken"), "{\"n\": 1}", Duration.ofSeconds(5), null, "order-42"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("ok").asBoolean()).isTrue();
        assertThat(r.headers()).containsEntry("x-seen", "a");
        Seen seen = SEEN.poll();
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.uri()).isEqualTo("/orders?x=1");
        assertThat(seen.headers()).containsEntry("Host", "localhost:" + port).containsEntry("Authorization",
                "Bearer t0ken").containsEntry("Idempotency-Key", "order-42");
        assertThat(seen.body()).isEqualTo("{\"n\": 1}");
        // another name for the same address is still refused: the list opens names, not addresses
        assertThat(failure(client("localhost"), HttpCall.get("http://127.0.0.1:" + port + "/")).code()).isEqualTo(
                "HTTP_ADDRESS_REFUSED");
    }

    @Test
    void tlsToAnAllowedHostChecksTheCertificateAgainstTheHostName() {
        HttpResult r = send(client("localhost"), HttpCall.get("https://localhost:" + tlsPort + "/secure"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("path").asText()).isEqualTo("/secure");
        // the same server under a name its certificate does not carry fails the TLS check
        assertThat(failure(client("127.0.0.1"), HttpCall.get("https://127.0.0.1:" + tlsPort + "/secure")).code())
                .isEqualTo("HTTP_CONNECTION_FAILED");
    }

    @Test
    void metadataAddressesStayRefusedEvenWhenAllowed() {
        OutboundHttp http = client("169.254.169.254", "metadata.google.internal", "fd00:ec2::254");
        for (String url : List.of("http://169.254.169.254/", "http://metadata.google.internal/",
                "http://[fd00:ec2::254]/", "http://[::ffff:169.254.169.254]/")) {
            assertThat(failure(http, HttpCall.get(url)).code()).as(url).isEqualTo("HTTP_ADDRESS_REFUSED");
        }
    }

    @Test
    void aRedirectIsAnsweredNotFollowed() {
        HttpResult r = send(client("localhost"), HttpCall.get("http://localhost:" + port + "/redirect"));
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.headers()).containsEntry("location", "/target");
        assertThat(r.json()).isNull();
        assertThat(SEEN).extracting(Seen::uri).containsExactly("/redirect");
    }

    @Test
    void aServerThatDoesNotAnswerTimesOut() {
        Instant start = Instant.now();
        HttpCallFailed f = failure(client("localhost"), new HttpCall("GET", "http://localhost:" + port + "/silent",
                null, null, Duration.ofMillis(300), null, null));
        assertThat(f.code()).isEqualTo("HTTP_TIMEOUT");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aSignedRequestVerifiesAtTheReceiver() {
        String body = "{\"order\": \"SO-1\", \"total\": 12.5}";
        send(client("localhost"), new HttpCall("PUT", "http://localhost:" + port + "/hook", Map.of(
                "Content-Type", "application/json"), body, null, "s3cret-key", null));
        Seen seen = SEEN.poll();
        String header = seen.headers().get(WebhookSignature.HEADER);
        assertThat(header).matches("t=[0-9]+,v1=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify("s3cret-key", header, seen.body(), Instant.now(), Duration.ofMinutes(5)))
                .isTrue();
        assertThat(WebhookSignature.verify("other-key", header, seen.body(), Instant.now(), Duration.ofMinutes(5)))
                .isFalse();
        assertThat(WebhookSignature.verify("s3cret-key", header, seen.body() + " ", Instant.now(), Duration
                .ofMinutes(5))).isFalse();
    }

    @Test
    void aResponseOverOneMegabyteIsAnError() {
        assertThat(failure(client("localhost"), HttpCall.get("http://localhost:" + port + "/big")).code()).isEqualTo(
                "HTTP_RESPONSE_TOO_LARGE");
        assertThat(send(client("localhost"), HttpCall.get("http://localhost:" + port + "/exactly")).body()).hasSize(
                OutboundHttp.MAX_BODY);
    }

    @Test
    void callsBreakingTheRulesAreRefused() {
        OutboundHttp http = client("localhost");
        String base = "http://localhost:" + port + "/";
        List<HttpCall> bad = List.of(HttpCall.get("ftp://localhost/file"), HttpCall.get("file:///etc/passwd"),
                HttpCall.get("http://user:pw@localhost:" + port + "/"), new HttpCall("TRACE", base, null, null, null,
                        null, null),
                new HttpCall("GET", base, Map.of("X-A", "1\r\nX-Injected: 2"), null, null, null, null), new HttpCall(
                        "GET", base, Map.of("Host", "evil.example"), null, null, null, null),
                new HttpCall("GET", base, null, null, Duration.ofSeconds(61), null, null), new HttpCall("GET", base,
                        null, null, null, null, "k\r\nX-Injected: 1"));
        for (HttpCall call : bad) {
            assertThat(failure(http, call).code()).as(call.toString()).isEqualTo("HTTP_CALL_INVALID");
        }
        assertThat(SEEN).isEmpty();
    }
}
