package io.tradewind.runtime.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.job.JobContext;
import io.tradewind.runtime.job.JobHandler;
import io.tradewind.runtime.job.JobIncident;
import io.tradewind.runtime.tenant.TenantDb;
import io.tradewind.runtime.web.JsonBodies;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Sends the emails of the {@link MailOutbox}, at most once per effect key (ADR 0018). Before the
 * message goes to SMTP, a {@code sending} row for the job's {@link JobContext#effectKey()} commits
 * in a short transaction of its own; after SMTP accepted it, the row turns {@code sent} in the
 * job's completion transaction. So a later attempt, or a later job with the same key, finds:
 * <ul>
 * <li>no row: nothing was tried; it sends;</li>
 * <li>{@code sent}: done; it does nothing;</li>
 * <li>{@code sending}: an attempt died (or its commit failed) after handing the message to SMTP, or
 * SMTP did not answer in time, so nobody knows whether it was delivered: it does NOT send again but
 * parks the job as an incident ({@code TW-MAIL-003}). An admin who retries the incident decides
 * that it should go out: the retry deletes the {@code sending} row ({@link #retryingIncident}) and
 * the next attempt sends.</li>
 * </ul>
 * When SMTP refuses the message (or cannot be reached), the row is deleted again and the job
 * retried as usual. The Message-ID is derived from the effect key, so a receiving system can also
 * drop a repeat an admin chose to risk.
 */
@ApplicationScoped
public class MailSendHandler implements JobHandler {
    /** The job kind. */
    public static final String KIND = "mail.send";
    /** Longest wait for SMTP before the delivery counts as uncertain. */
    static final Duration SEND_TIMEOUT = Duration.ofMinutes(2);
    private static final Logger LOG = Logger.getLogger(MailSendHandler.class);
    private static final String CLAIM = "insert into mail_sent (tenant_id, effect_key, status, job_id, attempt,"
            + " recipients, subject, created_at) values ($1, $2, 'sending', $3, $4, $5, $6, $7) on conflict (tenant_id,"
            + " effect_key) do nothing";
    private static final String STATUS = "select status from mail_sent where tenant_id = $1 and effect_key = $2";
    private static final String SENT = "update mail_sent set status = 'sent', sent_at = $3 where tenant_id = $1 and"
            + " effect_key = $2 and status = 'sending'";
    private static final String RELEASE = "delete from mail_sent where tenant_id = $1 and effect_key = $2 and status"
            + " = 'sending' and job_id = $3 and attempt = $4";
    private static final String RELEASE_FOR_RETRY = "delete from mail_sent where tenant_id = $1 and effect_key = $2"
            + " and status = 'sending'";

    @Inject
    ReactiveMailer mailer;
    @Inject
    TenantDb db;
    @Inject
    TradewindClock clock;
    @ConfigProperty(name = "quarkus.mailer.from")
    Optional<String> from;

    /** What the effect key's row said before this attempt. */
    enum Claim {
        /** The row was written now: this attempt sends. */
        MINE,
        /** Sent before: nothing to do. */
        SENT,
        /** An earlier attempt's delivery is uncertain. */
        UNCERTAIN
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<Void> handle(JobContext job) {
        MailMessage message = message(job);
        String key = job.effectKey();
        return claim(job, message).flatMap(claim -> switch (claim) {
            case SENT -> {
                LOG.infof("TW-MAIL-002 email %s of tenant %s was sent before; not sent again", key, job.tenant());
                yield Uni.createFrom().voidItem();
            }
            case UNCERTAIN -> Uni.createFrom().failure(new JobIncident("TW-MAIL-003 an earlier attempt handed this"
                    + " email to the mail server and did not record the outcome, so it may have been delivered; it is"
                    + " not sent again on its own. Retry the incident to send it anyway, or cancel it."));
            case MINE -> send(job, message).flatMap(x -> markSent(job.connection(), job.tenant(), key));
        });
    }

    @Override
    public Uni<Void> retryingIncident(SqlConnection c, String tenant, String effectKey) {
        return c.preparedQuery(RELEASE_FOR_RETRY).execute(Tuple.of(tenant, effectKey)).invoke(rows -> {
            if (rows.rowCount() > 0) {
                LOG.infof("TW-MAIL-004 email %s of tenant %s: an admin retries it although its delivery was"
                        + " uncertain", effectKey, tenant);
            }
        }).replaceWithVoid();
    }

    /** Writes the {@code sending} row in a transaction of its own, or reads what is there. */
    private Uni<Claim> claim(JobContext job, MailMessage m) {
        String key = job.effectKey();
        Tuple args = Tuple.from(new Object[]{job.tenant(), key, job.id(), job.attempt(), m.recipients().toArray(
                String[]::new), m.subject(), now().atOffset(ZoneOffset.UTC)});
        return db.run(job.tenant(), c -> c.preparedQuery(CLAIM).execute(args).flatMap(inserted -> {
            if (inserted.rowCount() == 1) {
                return Uni.createFrom().item(Claim.MINE);
            }
            return c.preparedQuery(STATUS).execute(Tuple.of(job.tenant(), key)).map(rows -> rows.size() > 0 && rows
                    .iterator().next().getString(0).equals("sent") ? Claim.SENT : Claim.UNCERTAIN);
        }));
    }

    private Uni<Void> send(JobContext job, MailMessage m) {
        Mail mail = new Mail().setTo(m.to()).setCc(m.cc()).setSubject(m.subject()).setHtml(m.html()).setText(m
                .text()).addHeader("Message-ID", messageId(job.effectKey())).addHeader("Auto-Submitted",
                        "auto-generated");
        return mailer.send(mail).ifNoItem().after(SEND_TIMEOUT).failWith(() -> new TimeoutException(
                "the mail server did not answer within " + SEND_TIMEOUT)).onFailure().recoverWithUni(e -> {
                    if (e instanceof TimeoutException) {
                        // it may have been accepted: keep the 'sending' row, and let an admin decide
                        return Uni.createFrom().failure(new JobIncident("TW-MAIL-003 " + e.getMessage() + "; the"
                                + " email may have been delivered and is not sent again on its own. Retry the incident"
                                + " to send it anyway, or cancel it."));
                    }
                    // refused or unreachable: not delivered, so the next attempt may send
                    return db.single(job.tenant(), c -> c.preparedQuery(RELEASE).execute(Tuple.of(job.tenant(), job
                            .effectKey(), job.id(), job.attempt()))).onFailure().invoke(x -> LOG.warnf(
                                    "TW-MAIL-005 email %s of tenant %s: the failed send could not be recorded (%s);"
                                            + " the next attempt will park it as uncertain",
                                    job.effectKey(), job.tenant(), x.getMessage()))
                            .onFailure().recoverWithNull()
                            .flatMap(x -> Uni.createFrom().failure(new IllegalStateException(
                                    "TW-MAIL-001 the mail server did not take the email: " + e.getMessage(), e)));
                });
    }

    private Uni<Void> markSent(SqlConnection c, String tenant, String key) {
        return c.preparedQuery(SENT).execute(Tuple.of(tenant, key, now().atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    /** A Message-ID that is the same on every attempt of the email: a hash of its effect key. */
    String messageId(String effectKey) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(effectKey.getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(h, 0, 20) + "@" + domain() + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The domain of the configured sender, else {@code tradewind.invalid}. */
    private String domain() {
        String f = from.orElse("");
        int at = f.lastIndexOf('@');
        String d = at < 0 ? "" : f.substring(at + 1).replace(">", "").strip();
        return d.matches("[A-Za-z0-9.-]{1,253}") ? d : "tradewind.invalid";
    }

    private static MailMessage message(JobContext job) {
        try {
            return JsonBodies.mapper().treeToValue(job.payload(), MailMessage.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new JobIncident("TW-MAIL-006 the job's payload is not a valid email: " + e.getMessage());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
