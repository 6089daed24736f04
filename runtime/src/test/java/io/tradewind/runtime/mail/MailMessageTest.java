package io.tradewind.runtime.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * What an email may look like before it is enqueued: header injection and malformed addresses
 * refused.
 */
class MailMessageTest {

    private static String refusal(List<String> to, List<String> cc, String subject) {
        return assertThrows(MailMessage.InvalidMail.class, () -> new MailMessage(to, cc, subject, "<p>x</p>", null))
                .getMessage();
    }

    @Test
    void headerInjectionThroughSubjectOrAddressesIsRefused() {
        List<String> ok = List.of("buyer@example.com");
        assertThat(refusal(ok, null, "Hello\r\nBcc: all@example.com")).contains("line breaks");
        assertThat(refusal(ok, null, "Hello\nBcc: all@example.com")).contains("line breaks");
        assertThat(refusal(ok, null, "Hello\u0000")).contains("control");
        assertThat(refusal(List.of("buyer@example.com\r\nBcc: all@example.com"), null, "Hi")).contains("'to'");
        assertThat(refusal(ok, List.of("copy@example.com\nX-Evil: 1"), "Hi")).contains("'cc'");
        assertThat(refusal(List.of("Buyer <buyer@example.com>"), null, "Hi")).contains("plain email address");
        assertThat(refusal(List.of("a@b.com,c@d.com"), null, "Hi")).contains("plain email address");
    }

    @Test
    void recipientsSubjectAndBodyAreChecked() {
        List<String> ok = List.of("buyer@example.com");
        assertThat(refusal(List.of(), null, "Hi")).contains("at least one recipient");
        assertThat(refusal(null, null, "Hi")).contains("at least one recipient");
        assertThat(refusal(List.of("not-an-address"), null, "Hi")).contains("plain email address");
        assertThat(refusal(ok, null, "x".repeat(501))).contains("500");
        assertThat(refusal(ok, null, " ")).contains("subject");
        assertThrows(MailMessage.InvalidMail.class, () -> new MailMessage(ok, null, "Hi", null, null));
        List<String> many = java.util.stream.IntStream.range(0, 51).mapToObj(i -> "r" + i + "@example.com").toList();
        assertThat(refusal(many, null, "Hi")).contains("at most 50");
        MailMessage m = new MailMessage(ok, List.of("boss@example.co.uk"), "Quote Q-2026-00001 · 报价", null, "text");
        assertThat(m.recipients()).containsExactly("buyer@example.com", "boss@example.co.uk");
        assertThat(m.subject().length()).isLessThanOrEqualTo(MailMessage.MAX_SUBJECT);
    }
}
