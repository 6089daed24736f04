package io.tradewind.runtime.flow.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Signing and checking the webhook signature header. */
class WebhookSignatureTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void aSignatureVerifiesWithTheSameSecretBodyAndAFreshTimestamp() {
        String h = WebhookSignature.sign("whsec", NOW.getEpochSecond(), "{\"a\":1}");
        assertThat(h).isEqualTo("t=" + NOW.getEpochSecond() + ",v1=" + h.substring(h.indexOf("v1=") + 3));
        assertThat(WebhookSignature.verify("whsec", h, "{\"a\":1}", NOW.plusSeconds(299), FIVE_MINUTES)).isTrue();
        assertThat(WebhookSignature.verify("whsec", h, "{\"a\":1}", NOW.minusSeconds(299), FIVE_MINUTES)).isTrue();
    }

    @Test
    void aKnownVectorMatches() {
        // HMAC-SHA256("key", "1.") computed independently (openssl dgst -sha256 -hmac key)
        assertThat(WebhookSignature.sign("key", 1, null)).isEqualTo(
                "t=1,v1=53123bc365c2fe4bee48bc5cc6cd6c19699147d43513154ed34277c7c063e80f");
    }

    @Test
    void staleTamperedMalformedAndWronglyKeyedSignaturesFail() {
        String h = WebhookSignature.sign("whsec", NOW.getEpochSecond(), "body");
        assertThat(WebhookSignature.verify("whsec", h, "body", NOW.plusSeconds(301), FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify("whsec", h, "body", NOW.minusSeconds(301), FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify("whsec", h, "body!", NOW, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify("other", h, "body", NOW, FIVE_MINUTES)).isFalse();
        String forged = "t=" + (NOW.getEpochSecond() + 10) + h.substring(h.indexOf(','));
        assertThat(WebhookSignature.verify("whsec", forged, "body", NOW, FIVE_MINUTES)).isFalse();
        for (String bad : new String[]{null, "", "v1=abc", "t=1", "t=x,v1=" + "0".repeat(64), h.toUpperCase(), h
                + ",v0=1", "t=" + NOW.getEpochSecond() + ",v1=" + "0".repeat(63)}) {
            assertThat(WebhookSignature.verify("whsec", bad, "body", NOW, FIVE_MINUTES)).as(String.valueOf(bad))
                    .isFalse();
        }
        assertThat(WebhookSignature.verify("", h, "body", NOW, FIVE_MINUTES)).isFalse();
    }
}
