package io.tradewind.runtime.security;

import java.security.Principal;
import java.util.Set;
import java.util.UUID;

/** The signed-in caller as every engine sees it: tenant, user and roles. */
public record TradewindPrincipal(String tenantId, UUID userId, String username, Set<String> roles)
        implements
            Principal {
    public TradewindPrincipal {
        roles = Set.copyOf(roles);
    }

    @Override
    public String getName() {
        return username;
    }
}
