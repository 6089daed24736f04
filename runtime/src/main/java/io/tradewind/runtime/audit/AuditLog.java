package io.tradewind.runtime.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.web.JsonBodies;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The append-only audit log (sign-ins, token and API-key events, user, role and permission changes,
 * definition changes, exports, admin actions). An entry is written through the caller's connection,
 * so it commits or rolls back with the change it describes; the database refuses to change or
 * delete audit rows (changelog 0.2.0).
 */
@ApplicationScoped
public class AuditLog {
    private static final String INSERT = "insert into audit_log (tenant_id, at, actor_id, actor_name, action,"
            + " target_type, target_id, source_ip, detail) values ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb)";

    /**
     * One audit entry.
     *
     * @param tenantId
     *            the tenant the action happened in
     * @param actorId
     *            the user or API key that acted; null for anonymous attempts
     * @param actorName
     *            the actor's name as given (a failed sign-in records the username tried)
     * @param action
     *            a stable dotted action name, e.g. {@code auth.sign-in}, {@code user.create}
     * @param targetType
     *            the kind of thing acted on ({@code user}, {@code role}, {@code form} …), or null
     * @param targetId
     *            its id or key, or null
     * @param sourceIp
     *            the caller's address, or null when not from a request
     * @param detail
     *            further JSON-able facts (never passwords or tokens), or null
     */
    public record Entry(String tenantId, UUID actorId, String actorName, String action, String targetType,
            String targetId, String sourceIp, Map<String, ?> detail) {
    }

    /**
     * Writes {@code entry} at {@code at} through {@code client} (a connection inside the change's
     * transaction).
     */
    public Uni<Void> write(SqlClient client, Entry entry, Instant at) {
        return client.preparedQuery(INSERT)
                .execute(Tuple.from(new Object[]{entry.tenantId(), at.atOffset(ZoneOffset.UTC), entry.actorId(),
                        entry.actorName(), entry.action(), entry.targetType(), entry.targetId(), entry.sourceIp(),
                        json(entry.detail())}))
                .replaceWithVoid();
    }

    private static String json(Map<String, ?> detail) {
        if (detail == null) {
            return null;
        }
        try {
            return JsonBodies.mapper().writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("TW-AUD-002 audit detail is not JSON-able", e);
        }
    }
}
