package io.tradewind.runtime.flow.http;

import io.tradewind.runtime.error.TradewindException;

/**
 * An outbound HTTP call that did not produce a response, with a stable code:
 * {@code HTTP_CALL_INVALID} (the call breaks a rule: scheme, method, header, time-out),
 * {@code HTTP_ADDRESS_REFUSED} (the host is or resolves to an address Tradewind does not call, ADR
 * 0018), {@code HTTP_HOST_UNKNOWN}, {@code HTTP_TIMEOUT}, {@code HTTP_RESPONSE_TOO_LARGE},
 * {@code HTTP_CONNECTION_FAILED}. Answered as 502: the failure is the remote side's or the call's
 * configuration, not the API caller's request.
 */
public class HttpCallFailed extends TradewindException {
    public HttpCallFailed(String code, String message) {
        super(code, message);
    }

    @Override
    public int status() {
        return 502;
    }

    @Override
    public String title() {
        return "Outbound HTTP call failed";
    }
}
