package io.tradewind.runtime.mail;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.job.JobContext;
import io.tradewind.runtime.job.JobExecutor;
import io.tradewind.runtime.job.JobHandler;
import io.tradewind.runtime.job.Jobs;
import io.tradewind.runtime.tenant.TenantDb;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.SmtpServer;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The mail outbox end to end: messages enqueued in a tenant transaction, sent by the
 * {@code mail.send} handler through a real SMTP server (GreenMail), at most once per effect key
 * across duplicate enqueues, SMTP failures and an attempt that died after the send.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class MailOutboxTest {
    private static final String TENANT = "default";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    MailOutbox outbox;
    @Inject
    MailSendHandler handler;
    @Inject
    TenantDb db;
    @Inject
    Jobs jobs;
    @Inject
    Pool pool;

    private final List<JobExecutor> executors = new ArrayList<>();

    @AfterEach
    void stopExecutors() {
        for (JobExecutor e : executors) {
            e.stop().await().atMost(WAIT);
        }
        executors.clear();
    }

    private JobExecutor run(JobHandler h) {
        JobExecutor e = jobs.create(pool, new JobExecutor.Settings(1, 10, Duration.ofMillis(50), Duration.ofMinutes(
                5), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofDays(7)), "mail-test-" + executors.size(),
                List.of(h));
        executors.add(e);
        e.start();
        return e;
    }

    private void enqueue(MailMessage m, String key) {
        db.run(TENANT, c -> outbox.enqueue(c, TENANT, m, key)).await().atMost(WAIT);
    }

    private static MailMessage message(String token) {
        return new MailMessage(List.of("buyer@example.com"), List.of("boss@example.com"), "Order " + token
                + " confirmed", "<p>Thank you for order " + token + "</p>", "Thank you for order " + token);
    }

    /** The messages GreenMail received whose subject names {@code token} (one per recipient). */
    private static List<MimeMessage> received(String token) {
        return Arrays.stream(SmtpServer.greenMail().getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().contains(token);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private String job(String key) {
        return one("select status || ' ' || attempts from job where tenant_id = $1 and idempotency_key = $2", key);
    }

    private String sent(String key) {
        return one("select status from mail_sent where tenant_id = $1 and effect_key = $2", TENANT + ":" + key);
    }

    private String one(String sql, String key) {
        var rows = pool.preparedQuery(sql).execute(Tuple.of(TENANT, key)).await().atMost(WAIT);
        if (rows.size() == 0) {
            return null;
        }
        Row r = rows.iterator().next();
        return r.getValue(0) == null ? null : r.getValue(0).toString();
    }

    private static void until(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String token() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void eachEnqueueSendsOneMessageToEveryRecipientWithAMessageIdFromItsEffectKey() throws Exception {
        String a = token();
        String b = token();
        enqueue(message(a), "order-" + a);
        enqueue(message(b), "order-" + b);
        run(handler);
        until("both jobs done", () -> "done 1".equals(job("order-" + a)) && "done 1".equals(job("order-" + b)));
        List<MimeMessage> got = received(a);
        assertThat(got).hasSize(2); // to and cc
        assertThat(received(b)).hasSize(2);
        MimeMessage m = got.get(0);
        assertThat(m.getRecipients(Message.RecipientType.TO)).extracting(Object::toString).containsExactly(
                "buyer@example.com");
        assertThat(m.getRecipients(Message.RecipientType.CC)).extracting(Object::toString).containsExactly(
                "boss@example.com");
        assertThat(m.getMessageID()).isEqualTo(handler.messageId(TENANT + ":order-" + a)).endsWith(
                "@tradewind.test>");
        assertThat(got.get(1).getMessageID()).isEqualTo(m.getMessageID());
        assertThat(received(b).get(0).getMessageID()).isNotEqualTo(m.getMessageID());
        assertThat(sent("order-" + a)).isEqualTo("sent");
    }

    @Test
    void theSameIdempotencyKeyEnqueuesAndSendsOnce() {
        String t = token();
        enqueue(message(t), "once-" + t);
        enqueue(message(t), "once-" + t);
        assertThat(one("select count(*) from job where tenant_id = $1 and idempotency_key = $2", "once-" + t))
                .isEqualTo("1");
        run(handler);
        until("the job is done", () -> "done 1".equals(job("once-" + t)));
        // the key is also remembered past the job: a new job with the same key (after clean-up) sends nothing
        pool.preparedQuery("delete from job where tenant_id = $1 and idempotency_key = $2").execute(Tuple.of(TENANT,
                "once-" + t)).await().atMost(WAIT);
        enqueue(message(t), "once-" + t);
        until("the second job is done", () -> "done 1".equals(job("once-" + t)));
        assertThat(received(t)).hasSize(2);
    }

    @Test
    void aRetryAfterAnSmtpFailureSendsOnce() {
        String t = token();
        SmtpServer.down();
        try {
            enqueue(message(t), "retry-" + t);
            run(handler);
            until("the first attempt failed", () -> {
                String s = job("retry-" + t);
                return s != null && !s.startsWith("running") && !s.endsWith(" 0");
            });
            assertThat(job("retry-" + t)).startsWith("pending");
            assertThat(sent("retry-" + t)).as("a refused send leaves no 'sending' mark").isNull();
            assertThat(one("select last_error from job where tenant_id = $1 and idempotency_key = $2", "retry-" + t))
                    .contains("TW-MAIL-001");
        } finally {
            SmtpServer.up();
        }
        until("a later attempt sent it", () -> job("retry-" + t).startsWith("done"));
        assertThat(received(t)).hasSize(2);
        assertThat(sent("retry-" + t)).isEqualTo("sent");
    }

    @Test
    void anAttemptThatDiedAfterSendingIsNotSentAgainButParkedForAnAdminWhoseRetrySends() {
        String t = token();
        String key = "uncertain-" + t;
        enqueue(message(t), key);
        // attempt 1 hands the message to SMTP, then its completion fails (as if the process died there)
        JobExecutor crashing = run(new JobHandler() {
            @Override
            public String kind() {
                return MailSendHandler.KIND;
            }

            @Override
            public Uni<Void> handle(JobContext job) {
                return handler.handle(job).flatMap(x -> Uni.createFrom().failure(new IllegalStateException(
                        "connection lost before commit")));
            }
        });
        until("attempt 1 failed after sending", () -> job(key).equals("pending 1"));
        crashing.stop().await().atMost(WAIT);
        assertThat(received(t)).hasSize(2);
        assertThat(sent(key)).isEqualTo("sending");

        // attempt 2 finds the uncertain mark: no second send, an incident at once
        run(handler);
        until("the job is an incident", () -> job(key).equals("incident 2"));
        assertThat(received(t)).as("not sent again").hasSize(2);
        assertThat(one("select last_error from job where tenant_id = $1 and idempotency_key = $2", key)).contains(
                "TW-MAIL-003");

        // the admin decides to send it anyway
        String id = one("select id from job where tenant_id = $1 and idempotency_key = $2", key);
        given().spec(Api.asAdmin()).post("/api/admin/incidents/" + id + "/retry").then().statusCode(200);
        until("the retried job is done", () -> job(key).startsWith("done"));
        assertThat(received(t)).as("sent again on the admin's word").hasSize(4);
        assertThat(sent(key)).isEqualTo("sent");
    }

    @Test
    void headerInjectionNeverReachesTheOutbox() {
        String t = token();
        org.junit.jupiter.api.Assertions.assertThrows(MailMessage.InvalidMail.class, () -> enqueue(new MailMessage(
                List.of("buyer@example.com"), null, "Order " + t + "\r\nBcc: everyone@example.com", null, "x"),
                "inj-"
                        + t));
        assertThat(job("inj-" + t)).isNull();
    }
}
