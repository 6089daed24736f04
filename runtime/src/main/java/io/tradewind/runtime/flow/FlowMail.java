package io.tradewind.runtime.flow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.flow.NotifyNode;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.mail.MailMessage;
import io.tradewind.runtime.mail.MailOutbox;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The e-mail of a notify node: subject and body rendered from the node (the body from
 * {@code templates/<template>.html} of the app package when the node names one, with every value
 * HTML-escaped), sent to the recipients' addresses through the mail outbox. The outbox job carries
 * the key {@code mail:<instance>:<visit>}, so a step that runs again (a retried job) sends nothing
 * twice. Recipients without an address are left out; a node whose recipients have none sends
 * nothing.
 */
@ApplicationScoped
class FlowMail {
    @Inject
    MailOutbox outbox;
    @ConfigProperty(name = "tradewind.apps-dir")
    String appsDir;

    private final Map<String, Optional<String>> templates = new ConcurrentHashMap<>();

    Uni<Void> send(FlowRun run, NotifyNode n, List<UUID> to, List<UUID> cc, String message) {
        return addresses(run, to).flatMap(toAddresses -> addresses(run, cc).flatMap(ccAddresses -> {
            if (toAddresses.isEmpty() && ccAddresses.isEmpty()) {
                run.event(n.key(), "emailSkipped", null, Instance.JSON.objectNode().put("reason",
                        "no recipient has an e-mail address"));
                return FlowRun.done();
            }
            String at = "/nodes/" + n.key();
            String subject = n.subject() != null
                    ? run.render(n.subject().text("en"), at + "/subject")
                    : message != null ? message : run.flow.definition().label().text("en");
            subject = subject.replaceAll("[\\p{Cc}\\u2028\\u2029]", " ").strip();
            if (subject.length() > MailMessage.MAX_SUBJECT) {
                subject = subject.substring(0, MailMessage.MAX_SUBJECT - 1) + "…";
            }
            String html;
            if (n.template() != null) {
                String template = template(run.inst.app, n.template()).orElseThrow(() -> InvalidInput.of(at
                        + "/template", "FLOW_TEMPLATE_MISSING",
                        "The template '" + n.template() + "' of app '"
                                + run.inst.app + "' cannot be read."));
                html = run.render(template, at + "/template", FlowMail::html);
            } else {
                html = message == null ? null : "<p>" + html(message) + "</p>";
            }
            List<String> primary = toAddresses.isEmpty() ? ccAddresses : toAddresses;
            List<String> copies = toAddresses.isEmpty() ? List.of() : ccAddresses;
            MailMessage mail = new MailMessage(primary, copies, subject.isEmpty() ? "(no subject)" : subject, html,
                    message);
            run.event(n.key(), "email", null, Instance.JSON.objectNode().put("recipients", primary.size() + copies
                    .size()));
            return outbox.enqueue(run.c, run.inst.tenant, mail, "mail:" + run.inst.id + ":" + run.currentVisit);
        }));
    }

    private static Uni<List<String>> addresses(FlowRun run, List<UUID> users) {
        if (users.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return run.c.preparedQuery("select g.id, u.email from unnest($2::uuid[]) with ordinality as g(id, n) join"
                + " app_user u on u.tenant_id = $1 and u.id = g.id where u.email is not null and not u.disabled"
                + " order by g.n").execute(Tuple.of(run.inst.tenant, users.toArray(new UUID[0]))).map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> {
                        String e = r.getString(1).strip();
                        if (!out.contains(e)) {
                            out.add(e);
                        }
                    });
                    return out;
                });
    }

    /** The template file of an app package (folder name = app key), read once. */
    private Optional<String> template(String app, String name) {
        return templates.computeIfAbsent(app + "/" + name, k -> {
            for (String d : appsDir.split(",")) {
                Path f = Path.of(d.trim(), app, "templates", name + ".html").toAbsolutePath().normalize();
                if (Files.isRegularFile(f)) {
                    try {
                        return Optional.of(Files.readString(f, StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        });
    }

    static String html(String s) {
        return io.tradewind.runtime.report.schedule.MailFormat.html(s);
    }
}
