package io.tradewind.runtime.security;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/** Access to the signed-in {@link TradewindPrincipal} of a request. */
public final class CurrentUser {
    private CurrentUser() {
    }

    /** The caller; an unauthenticated identity is refused (401). */
    public static TradewindPrincipal of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()
                || !(identity.getPrincipal() instanceof TradewindPrincipal p)) {
            throw new UnauthorizedException();
        }
        return p;
    }
}
