package io.tradewind.model.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * An outbound HTTP request, sent as a job with retries and an idempotency key. JSON type
 * {@code "http"}. The response body (JSON) is {@code outputs.<key>} in later expressions.
 *
 * @param key
 *            the node key
 * @param label
 *            the label, null when absent
 * @param method
 *            {@code GET}, {@code POST}, {@code PUT}, {@code PATCH} or {@code DELETE}
 * @param url
 *            an absolute http(s) URL
 * @param headers
 *            header name → value (plain text); empty when absent
 * @param body
 *            an expression over the flow's record giving the JSON body, null when absent
 * @param secret
 *            the name of a tenant secret that signs the request, null when absent
 * @param timeout
 *            an ISO 8601 duration, at most one minute; {@code PT10S} when absent
 * @param next
 *            the node after a successful response
 * @param onError
 *            the node after the last failed try, null to park the instance as an incident
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HttpNode(String key, I18nText label, String method, String url, Map<String, String> headers,
        String body, String secret, String timeout, String next, String onError) implements FlowNode {

    /** The JSON type name. */
    public static final String TYPE = "http";
    /** The timeout when none is given. */
    public static final String DEFAULT_TIMEOUT = "PT10S";

    /** Checks the key, method, URL and next; copies the headers and applies the default timeout. */
    public HttpNode {
        FlowSupport.requireKey(key);
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(next, "next");
        headers = FlowSupport.copy(headers);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Edge> edges() {
        List<Edge> out = new ArrayList<>();
        out.add(new Edge("/next", next));
        if (onError != null) {
            out.add(new Edge("/onError", onError));
        }
        return out;
    }

    @Override
    public boolean hasOutput() {
        return true;
    }
}
