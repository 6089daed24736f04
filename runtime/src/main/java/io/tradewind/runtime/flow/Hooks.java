package io.tradewind.runtime.flow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.flow.FlowTrigger;
import io.tradewind.runtime.error.Conflict;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.error.Unauthenticated;
import io.tradewind.runtime.flow.http.WebhookSignature;
import io.tradewind.runtime.secret.Secrets;
import io.tradewind.runtime.tenant.TenantDb;
import io.tradewind.runtime.web.JsonBodies;

/**
 * Inbound webhooks: {@code POST /api/hooks/{app}/{hook}} starts the app's flow with that webhook
 * trigger. There is no sign-in: the request proves itself with {@code X-Tradewind-Signature}
 * ({@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}) made with the tenant secret the
 * trigger names, at most five minutes old. The tenant comes from {@code X-Tradewind-Tenant}
 * (default {@code default}). An {@code Idempotency-Key} header makes a repeated delivery start
 * nothing new. An unknown tenant, app or hook all answer the same 404, so the endpoint tells
 * strangers nothing.
 */
@ApplicationScoped
public class Hooks {
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    @Inject
    FlowCatalog catalog;
    @Inject
    FlowEngine engine;
    @Inject
    FlowBreaker breaker;
    @Inject
    Secrets secrets;
    @Inject
    TenantDb db;

    public Uni<Map<String, Object>> receive(String tenantHeader, String app, String hook, String signature,
            String idempotencyKey, byte[] body) {
        String tenant = tenantHeader == null || tenantHeader.isBlank() ? "default" : tenantHeader.strip();
        CompiledFlow flow = catalog.flows(tenant, app).values().stream().filter(f -> f.definition()
                .trigger() instanceof FlowTrigger.Webhook w && w.hook().equals(hook)).findFirst().orElseThrow(
                        () -> new NotFound("HOOK_NOT_FOUND", "There is no webhook '" + FlowCatalog.shorten(hook)
                                + "' here."));
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw InvalidInput.of("/headers/Idempotency-Key", "IDEMPOTENCY_KEY_INVALID", "Idempotency-Key has 1 to"
                    + " 200 characters.");
        }
        FlowTrigger.Webhook trigger = (FlowTrigger.Webhook) flow.definition().trigger();
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        return secrets.get(tenant, trigger.secret()).map(secret -> {
            if (secret == null || signature == null || !WebhookSignature.verify(secret, signature, text, engine.now(),
                    TOLERANCE)) {
                throw new Unauthenticated("HOOK_SIGNATURE_INVALID", "The request is not signed with this hook's"
                        + " secret, or the signature is older than five minutes.");
            }
            JsonNode payload = text.isEmpty() ? JsonBodies.mapper().createObjectNode() : JsonBodies.object(body);
            return (ObjectNode) payload;
        }).flatMap(payload -> db.run(tenant, c -> breaker.allow(c, tenant, app, flow.key(), engine.now()).flatMap(
                ok -> {
                    if (!ok) {
                        throw new Conflict("FLOW_PAUSED", "The flow behind this webhook is paused; the delivery"
                                + " was not accepted. Send it again later.");
                    }
                    String key = idempotencyKey == null ? null : "hook:" + flow.key() + ":" + idempotencyKey;
                    return engine.start(c, tenant, flow, new FlowEngine.Start(null, null, key, payload, null,
                            null));
                }))).map(inst -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("instance", inst == null ? null : inst.id);
                    out.put("status", inst == null ? "duplicate" : inst.status);
                    return out;
                });
    }
}
