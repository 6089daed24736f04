package io.tradewind.runtime.flow.http;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Outbound HTTP calls of flows (ADR 0018; docs/operations.md "Outbound HTTP"). */
@ConfigMapping(prefix = "tradewind.http")
public interface HttpConfig {

    /**
     * Host names (or literal addresses, as written in URLs) that flows may call although they resolve
     * to private, loopback or other internal addresses, e.g. an on-premise ERP. Empty by default: only
     * public addresses. Cloud metadata addresses stay refused even for these.
     */
    Optional<List<String>> allowedHosts();
}
