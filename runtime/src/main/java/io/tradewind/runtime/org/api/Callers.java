package io.tradewind.runtime.org.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.tradewind.runtime.org.Actor;
import io.tradewind.runtime.security.CurrentUser;
import io.vertx.core.http.HttpServerRequest;

/** The administrator behind an organisation request, with the request's remote address. */
final class Callers {
    private Callers() {
    }

    /** The caller, who must be an admin (else 403 {@code ADMIN_ONLY}). */
    static Actor admin(SecurityIdentity identity, HttpServerRequest request, String what) {
        var user = CurrentUser.admin(identity, what);
        String ip = request == null || request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return new Actor(user, ip);
    }
}
