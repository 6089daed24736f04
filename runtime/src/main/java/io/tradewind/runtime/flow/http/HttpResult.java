package io.tradewind.runtime.flow.http;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The response of an {@link HttpCall}, whatever its status (a redirect is answered as it is, never
 * followed).
 *
 * @param status
 *            the HTTP status
 * @param headers
 *            the response headers, names in lower case, repeated ones joined with {@code ", "}
 * @param body
 *            the body as text (UTF-8), at most {@link OutboundHttp#MAX_BODY} bytes; empty when none
 * @param json
 *            the body parsed, when the response's content type is JSON and it parses; else null
 */
public record HttpResult(int status, Map<String, String> headers, String body, JsonNode json) {
    public HttpResult {
        headers = Map.copyOf(headers);
    }
}
