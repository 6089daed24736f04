package io.tradewind.runtime.org;

import java.util.Map;
import java.util.UUID;

import io.tradewind.runtime.audit.AuditLog;
import io.tradewind.runtime.security.TradewindPrincipal;

/**
 * The administrator making an organisation change, and where the request came from.
 *
 * @param user
 *            the signed-in administrator; their tenant scopes the change
 * @param sourceIp
 *            the caller's remote address, or null outside a request
 */
public record Actor(TradewindPrincipal user, String sourceIp) {
    /** The tenant the change happens in. */
    public String tenant() {
        return user.tenantId();
    }

    /** An audit entry for an action of this actor. */
    public AuditLog.Entry entry(String action, String targetType, Object targetId, Map<String, ?> detail) {
        return new AuditLog.Entry(user.tenantId(), user.userId(), user.username(), action, targetType,
                targetId == null ? null : targetId.toString(), sourceIp, detail);
    }

    /** The actor's user id. */
    public UUID userId() {
        return user.userId();
    }
}
