package io.tradewind.runtime.flow.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Tradewind-Signature} header of webhooks, sent and received:
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the shared secret>}. The
 * timestamp is part of what is signed, so a receiver that refuses old timestamps also refuses
 * replays of captured requests.
 */
public final class WebhookSignature {
    /** The header's name. */
    public static final String HEADER = "X-Tradewind-Signature";
    private static final Pattern FORMAT = Pattern.compile("t=([0-9]{1,12}),v1=([0-9a-f]{64})");

    private WebhookSignature() {
    }

    /** The header value for {@code body} (null counts as empty) signed at {@code unixSeconds}. */
    public static String sign(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac(secret, unixSeconds, body));
    }

    /**
     * True when {@code header} is a well-formed signature of {@code body} with {@code secret} whose
     * timestamp is within {@code tolerance} of {@code now} (either side). The signatures are compared
     * in constant time; a malformed or missing header, an empty secret or a stale timestamp is false.
     */
    public static boolean verify(String secret, String header, String body, Instant now, Duration tolerance) {
        if (secret == null || secret.isEmpty() || header == null || now == null || tolerance == null) {
            return false;
        }
        Matcher m = FORMAT.matcher(header.strip());
        if (!m.matches()) {
            return false;
        }
        long t = Long.parseLong(m.group(1));
        if (Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
            return false;
        }
        byte[] given = HexFormat.of().parseHex(m.group(2));
        return MessageDigest.isEqual(mac(secret, t, body), given);
    }

    private static byte[] mac(String secret, long t, String body) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a signing secret may not be empty");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal((t + "." + (body == null ? "" : body)).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
