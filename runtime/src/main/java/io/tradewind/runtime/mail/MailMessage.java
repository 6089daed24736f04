package io.tradewind.runtime.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An email to send through the {@link MailOutbox}. Checked when made: at least one recipient, at
 * most {@link #MAX_RECIPIENTS} in all, each a plain address ({@code name@example.com}, no display
 * name), a subject of at most 500 characters, and no line breaks or other control characters in the
 * subject or the addresses (they would inject headers). At least one of {@code html} and
 * {@code text}; each at most {@link #MAX_BODY} characters.
 *
 * @param to
 *            the recipients
 * @param cc
 *            the copied recipients; null for none
 * @param subject
 *            the subject line
 * @param html
 *            the HTML body, or null
 * @param text
 *            the plain-text body, or null
 */
public record MailMessage(List<String> to, List<String> cc, String subject, String html, String text) {
    /** Most recipients (to and cc together). */
    public static final int MAX_RECIPIENTS = 50;
    /** Longest subject. */
    public static final int MAX_SUBJECT = 500;
    /** Longest body, each of HTML and text. */
    public static final int MAX_BODY = 512 * 1024;
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9]"
            + "(?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\u2028\\u2029]");

    public MailMessage {
        to = addresses(to, "to", true);
        cc = addresses(cc, "cc", false);
        if (to.size() + cc.size() > MAX_RECIPIENTS) {
            throw invalid("an email has at most " + MAX_RECIPIENTS + " recipients");
        }
        if (subject == null || subject.isBlank()) {
            throw invalid("an email needs a subject");
        }
        if (subject.length() > MAX_SUBJECT) {
            throw invalid("an email subject has at most " + MAX_SUBJECT + " characters");
        }
        if (CONTROL.matcher(subject).find()) {
            throw invalid("an email subject may not contain line breaks or control characters");
        }
        if (html == null && text == null) {
            throw invalid("an email needs an HTML or a text body");
        }
        if ((html != null && html.length() > MAX_BODY) || (text != null && text.length() > MAX_BODY)) {
            throw invalid("an email body has at most " + MAX_BODY + " characters");
        }
    }

    /** A message to {@code to} only. */
    public static MailMessage to(List<String> to, String subject, String html, String text) {
        return new MailMessage(to, null, subject, html, text);
    }

    /** Every recipient, to then cc. */
    public List<String> recipients() {
        List<String> all = new ArrayList<>(to);
        all.addAll(cc);
        return all;
    }

    private static List<String> addresses(List<String> list, String what, boolean required) {
        if (list == null || list.isEmpty()) {
            if (required) {
                throw invalid("an email needs at least one recipient in '" + what + "'");
            }
            return List.of();
        }
        for (String a : list) {
            if (a == null || a.length() > 254 || CONTROL.matcher(a).find() || !ADDRESS.matcher(a).matches()) {
                throw invalid("'" + what + "' has an address that is not a plain email address: " + shown(a));
            }
        }
        return List.copyOf(list);
    }

    private static String shown(String a) {
        if (a == null) {
            return "null";
        }
        String s = CONTROL.matcher(a).replaceAll("?");
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private static InvalidMail invalid(String message) {
        return new InvalidMail(message);
    }

    /** A message that cannot be sent as it is (code {@code MAIL_INVALID}). */
    public static final class InvalidMail extends IllegalArgumentException {
        InvalidMail(String message) {
            super("MAIL_INVALID " + message);
        }

        /** Its stable code. */
        public String code() {
            return "MAIL_INVALID";
        }
    }
}
