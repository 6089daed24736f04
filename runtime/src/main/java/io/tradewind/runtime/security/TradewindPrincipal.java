package io.tradewind.runtime.security;

import java.security.Principal;
import java.util.Set;
import java.util.UUID;

/**
 * The signed-in caller as every engine sees it, whether signed in with a built-in account, an SSO
 * token or an API key.
 *
 * @param tenantId
 *            the tenant every query of the request is scoped to
 * @param userId
 *            the user (or API key) id, recorded as actor and owner
 * @param username
 *            the sign-in name, for logs and the audit trail
 * @param roles
 *            the tenant roles the caller holds
 * @param departmentId
 *            the caller's department, null when they belong to none
 */
public record TradewindPrincipal(String tenantId, UUID userId, String username, Set<String> roles,
        UUID departmentId) implements Principal {
    /** The role that may do everything in its tenant. */
    public static final String ADMIN = "admin";

    public TradewindPrincipal {
        roles = Set.copyOf(roles);
    }

    /** True when the caller holds the {@link #ADMIN} role. */
    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }

    @Override
    public String getName() {
        return username;
    }
}
