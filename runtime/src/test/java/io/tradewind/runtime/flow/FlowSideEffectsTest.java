package io.tradewind.runtime.flow;

import static io.restassured.RestAssured.given;
import static io.tradewind.runtime.flow.FlowFixture.press;
import static io.tradewind.runtime.flow.FlowFixture.request;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.flow.http.WebhookSignature;
import io.tradewind.runtime.job.JobHandler;
import io.tradewind.runtime.job.Jobs;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.SmtpServer;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Flows that reach outside: an inbound webhook (signed with a tenant secret) starts a flow whose
 * HTTP node calls back a real local server (opened by {@code tradewind.http.allowed-hosts}) with a
 * signed body; a notify node sends e-mail through a real SMTP server (GreenMail), once.
 */
@QuarkusTest
@TestProfile(FlowSideEffectsTest.Profile.class)
@QuarkusTestResource(TestDatabase.class)
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class FlowSideEffectsTest {
    private static final String SECRET = "shop-hook-secret-value";

    /** Opens the loopback address for the callback server. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tradewind.http.allowed-hosts", "127.0.0.1");
        }
    }

    @Inject
    Pool pool;
    @Inject
    Jobs jobs;
    @Inject
    TradewindClock clock;
    @Inject
    @Any
    Instance<JobHandler> handlers;

    private HttpServer shop;
    private final List<String[]> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void setUp() throws IOException {
        FlowFixture.setUp(pool, jobs, handlers.stream().toList());
        Api.asAdmin().body(Map.of("value", SECRET)).put("/api/admin/secrets/shop-hook").then().statusCode(204);
        shop = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        shop.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(new String[]{ex.getRequestURI().getPath(), body, ex.getRequestHeaders().getFirst(
                    WebhookSignature.HEADER), ex.getRequestHeaders().getFirst("Idempotency-Key")});
            byte[] answer = "{\"accepted\": true}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status.get(), answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        shop.start();
    }

    @AfterEach
    void tearDown() {
        shop.stop(0);
    }

    private static String sign(String body) {
        long t = Instant.now().getEpochSecond();
        return WebhookSignature.sign(SECRET, t, body);
    }

    private static io.restassured.response.ValidatableResponse hook(String body, String signature, String key) {
        var req = given().contentType("application/json").body(body);
        if (signature != null) {
            req = req.header(WebhookSignature.HEADER, signature);
        }
        if (key != null) {
            req = req.header("Idempotency-Key", key);
        }
        return req.post("/api/hooks/flowlab/shop-order").then();
    }

    @Test
    void aSignedWebhookStartsTheFlowWhoseHttpNodeCallsBack() {
        String order = "A-" + System.nanoTime();
        String body = "{\"orderNo\": \"" + order + "\", \"shop\": \"127.0.0.1:" + shop.getAddress().getPort()
                + "\"}";
        // unsigned, wrongly signed, unknown hook: refused, nothing starts
        hook(body, null, null).statusCode(401).body("code", equalTo("HOOK_SIGNATURE_INVALID"));
        hook(body, "t=" + Instant.now().getEpochSecond() + ",v1=00", null).statusCode(401);
        given().contentType("application/json").body(body).header(WebhookSignature.HEADER, sign(body)).post(
                "/api/hooks/flowlab/nope").then().statusCode(404);
        assertEquals(0, FlowFixture.count(pool, "select count(*) from flow_instance where flow_key = 'inbound'"
                + " and state -> 'payload' ->> 'orderNo' = $1", order));

        String inst = hook(body, sign(body), "delivery-" + order).statusCode(202).body("status", equalTo("running"))
                .extract().path("instance");
        // the shop delivers the same event again: nothing new starts
        hook(body, sign(body), "delivery-" + order).statusCode(202).body("status", equalTo("duplicate"));
        FlowFixture.drain(pool, clock);
        Api.asAdmin().get("/api/flow-instances/" + inst).then().statusCode(200).body("status", equalTo("completed"))
                .body("outputs.tellShop.accepted", equalTo(true));
        assertEquals(1, calls.size());
        String[] call = calls.get(0);
        assertEquals("/ack/" + order, call[0]);
        assertTrue(call[1].contains("\"order\":\"" + order + "\""), call[1]);
        assertTrue(WebhookSignature.verify(SECRET, call[2], call[1], Instant.now(), Duration.ofMinutes(5)),
                "the callback is signed with the tenant secret");
        assertTrue(call[3] != null && !call[3].isBlank(), "the callback carries an idempotency key");
        assertEquals(1, FlowFixture.count(pool, "select count(*) from record where form_key = 'log' and data ->>"
                + " 'text' = $1", "shop order " + order));
    }

    @Test
    void aFailingCallbackIsRetriedThenTakesTheErrorPath() {
        status.set(500);
        String order = "B-" + System.nanoTime();
        String body = "{\"orderNo\": \"" + order + "\", \"shop\": \"127.0.0.1:" + shop.getAddress().getPort()
                + "\"}";
        String inst = hook(body, sign(body), null).statusCode(202).extract().path("instance");
        FlowFixture.drain(pool, clock);
        Api.asAdmin().get("/api/flow-instances/" + inst).then().statusCode(200).body("status", equalTo("cancelled"))
                .body("outputs.tellShop.status", equalTo(500));
        assertEquals(5, calls.size(), "five attempts");
        assertEquals(1, calls.stream().map(c -> c[3]).distinct().count(), "one idempotency key for every attempt");
    }

    @Test
    void aCallbackToAnInternalAddressIsRefused() {
        String order = "C-" + System.nanoTime();
        String body = "{\"orderNo\": \"" + order + "\", \"shop\": \"169.254.169.254\"}";
        String inst = hook(body, sign(body), null).statusCode(202).extract().path("instance");
        FlowFixture.drain(pool, clock);
        String error = Api.asAdmin().get("/api/flow-instances/" + inst).then().statusCode(200).body("status",
                equalTo("cancelled")).extract().path("outputs.tellShop.error");
        assertTrue(error.contains("169.254.169.254"), error);
        assertEquals(0, calls.size());
    }

    /** The HTML part of a message's content. */
    private static String html(Object content) throws Exception {
        if (content instanceof jakarta.mail.Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                var part = mp.getBodyPart(i);
                if (part.isMimeType("text/html")) {
                    return (String) part.getContent();
                }
                if (part.getContent() instanceof jakarta.mail.Multipart) {
                    String inner = html(part.getContent());
                    if (inner != null) {
                        return inner;
                    }
                }
            }
            return null;
        }
        return content.toString();
    }

    @Test
    void aNotifyNodeMailsOnceWithEscapedValues() throws Exception {
        String title = "Chairs <b>" + System.nanoTime() + "</b>";
        String req = request("staff", Map.of("title", title, "amount", 99));
        press("staff", req, "mailer").statusCode(201).body("status", equalTo("completed"));
        FlowFixture.drain(pool, clock);
        FlowFixture.drain(pool, clock);
        List<MimeMessage> mine = List.of(SmtpServer.greenMail().getReceivedMessages()).stream().filter(m -> {
            try {
                return m.getSubject().contains(title);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertEquals(2, mine.size(), "one message, delivered to the submitter and (cc) their manager");
        MimeMessage m = mine.get(0);
        assertEquals("About " + title, m.getSubject());
        assertEquals("fl-staff@example.com", m.getHeader("To", ","));
        assertEquals("fl-m1@example.com", m.getHeader("Cc", ","));
        String html = html(m.getContent());
        assertTrue(html.contains("<strong>" + title.replace("<", "&lt;").replace(">", "&gt;") + "</strong>"), html);
        assertTrue(!html.contains("<b>"), "values are escaped in the HTML body");
    }
}
