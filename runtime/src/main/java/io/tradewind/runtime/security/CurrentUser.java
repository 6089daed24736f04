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

    /** The caller, who must hold the {@code admin} role (else 403 {@code ADMIN_ONLY}). */
    public static TradewindPrincipal admin(SecurityIdentity identity, String what) {
        TradewindPrincipal user = of(identity);
        if (!user.roles().contains("admin")) {
            throw new io.tradewind.runtime.error.AccessDenied("ADMIN_ONLY", "Only administrators may " + what + ".");
        }
        return user;
    }
}
