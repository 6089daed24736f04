package io.tradewind.runtime.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.flow.NotifyNode;

/**
 * The notify node: an in-app notification to every recipient, and an e-mail (through the mail
 * outbox, a job with an idempotency key, so a retried step sends no second mail).
 */
@ApplicationScoped
class Notifier {
    @Inject
    Assignees assignees;
    @Inject
    FlowMail mail;

    Uni<Void> notify(FlowRun run, NotifyNode n) {
        return assignees.all(run, n.to(), n.key()).flatMap(to -> assignees.all(run, n.cc(), n.key()).flatMap(cc -> {
            String message = n.message() == null
                    ? null
                    : run.render(n.message().text("en"), "/nodes/" + n.key()
                            + "/message");
            List<UUID> everyone = new ArrayList<>(to);
            everyone.addAll(cc);
            if (n.channels().contains(NotifyNode.Channel.IN_APP) && message != null) {
                run.note(everyone, "notify", message);
            }
            run.event(n.key(), "notify", null, Instance.JSON.objectNode().put("recipients", everyone.size()));
            if (!n.channels().contains(NotifyNode.Channel.EMAIL)) {
                return FlowRun.done();
            }
            return mail.send(run, n, to, cc, message);
        }));
    }
}
