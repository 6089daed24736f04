package io.tradewind.runtime.flow.http;

import java.time.Duration;
import java.util.Map;

/**
 * One outbound HTTP request, checked by {@link OutboundHttp#send} (which refuses it with
 * {@code HTTP_CALL_INVALID} when it breaks a rule).
 *
 * @param method
 *            GET, POST, PUT, PATCH or DELETE
 * @param url
 *            an absolute http or https URL without user info
 * @param headers
 *            request headers; null for none. Host, Content-Length, the hop-by-hop headers and
 *            {@code X-Tradewind-Signature} are set by the client and refused here
 * @param body
 *            the request body (UTF-8), or null
 * @param timeout
 *            the limit for the whole call (resolving, connecting, the complete response); null for
 *            30 s, at most 60 s
 * @param hmacSecret
 *            when set, the request is signed:
 *            {@code X-Tradewind-Signature: t=<unix seconds>,v1=<hex
 *            HMAC-SHA256 of "t.body">} ({@link WebhookSignature})
 * @param idempotencyKey
 *            when set, sent as the {@code Idempotency-Key} header
 */
public record HttpCall(String method, String url, Map<String, String> headers, String body, Duration timeout,
        String hmacSecret, String idempotencyKey) {
    public HttpCall {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A GET of {@code url} with the default time-out. */
    public static HttpCall get(String url) {
        return new HttpCall("GET", url, null, null, null, null, null);
    }
}
