package io.tradewind.runtime.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.flow.ApprovalNode;
import io.tradewind.model.flow.Deadline;
import io.tradewind.model.flow.FlowNode;
import io.tradewind.model.flow.TaskNode;
import io.tradewind.runtime.error.AccessDenied;
import io.tradewind.runtime.error.Conflict;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.job.NewJob;

/**
 * The nodes where people decide: approvals and fill-in tasks. A waiting token holds the deciders
 * ("slots", one per assignee; a transfer or an added signer acts for a slot) and what they decided;
 * each decider has a task row. The mode decides when the node is approved or rejected: any-of (the
 * first decision), all-of (every slot approves; one rejection rejects), ratio (enough approvals, or
 * too many rejections), sequential and manager chain (one slot after another).
 */
@ApplicationScoped
class Approvals {
    static final String APPROVAL = "approval";
    static final String TASK = "task";
    static final String RESUBMIT = "resubmit";

    @Inject
    Assignees assignees;
    @Inject
    io.tradewind.runtime.form.RecordEngine records;

    // ---- entering ----

    Uni<Void> enter(FlowRun run, ObjectNode token, ApprovalNode n) {
        Uni<List<UUID>> deciders = n.mode() == ApprovalNode.Mode.MANAGER_CHAIN
                ? assignees.chain(run, n.of(), n.levels() == null ? 1 : n.levels())
                : assignees.all(run, n.assignees(), n.key());
        return deciders.flatMap(list -> withFallback(run, n.key(), list, n.fourEyes())).flatMap(list -> {
            ObjectNode wait = token.putObject("wait");
            wait.put("kind", APPROVAL).put("mode", n.mode().json());
            ArrayNode slots = wait.putArray("slots");
            list.forEach(u -> slots.add(u.toString()));
            wait.put("pos", 0);
            wait.putArray("approved");
            wait.putArray("rejected");
            int needed = switch (n.mode()) {
                case ANY_OF -> 1;
                case RATIO -> (int) Math.ceil(n.ratio().doubleValue() * list.size() - 1e-9);
                default -> list.size();
            };
            wait.put("needed", Math.max(1, needed));
            boolean oneByOne = n.mode() == ApprovalNode.Mode.SEQUENTIAL
                    || n.mode() == ApprovalNode.Mode.MANAGER_CHAIN;
            return open(run, token, n.key(), APPROVAL, oneByOne ? list.subList(0, 1) : list, n.deadline());
        });
    }

    Uni<Void> enter(FlowRun run, ObjectNode token, TaskNode n) {
        return assignees.all(run, n.assignees(), n.key()).flatMap(list -> withFallback(run, n.key(), list, false))
                .flatMap(list -> {
                    ObjectNode wait = token.putObject("wait");
                    wait.put("kind", TASK).put("mode", "anyOf");
                    ArrayNode slots = wait.putArray("slots");
                    list.forEach(u -> slots.add(u.toString()));
                    return open(run, token, n.key(), TASK, list, n.deadline());
                });
    }

    /**
     * Four-eyes leaves out the submitter and earlier approvers; an empty list falls back to the
     * tenant's administrators, so a request is never stuck without someone to decide.
     */
    private Uni<List<UUID>> withFallback(FlowRun run, String node, List<UUID> list, boolean fourEyes) {
        List<UUID> kept = fourEyes ? fourEyes(run, list) : list;
        if (!kept.isEmpty()) {
            return Uni.createFrom().item(kept);
        }
        return Assignees.admins(run.c, run.inst.tenant).map(admins -> {
            List<UUID> fallback = fourEyes ? fourEyes(run, admins) : admins;
            if (fallback.isEmpty()) {
                throw invalid("/nodes/" + node, "FLOW_NO_ASSIGNEE", "Nobody can decide at '" + node
                        + "': the assignment names no active user"
                        + (fourEyes ? " other than the submitter and earlier approvers" : "")
                        + ", and there is no administrator to fall back to.");
            }
            run.event(null, node, "fallback", null, Instance.JSON.objectNode().put("reason", list.isEmpty()
                    ? "no assignee"
                    : "four-eyes"));
            return fallback;
        });
    }

    private static List<UUID> fourEyes(FlowRun run, List<UUID> list) {
        List<UUID> out = new ArrayList<>(list);
        out.remove(run.inst.submitter);
        out.removeAll(run.inst.approvers());
        return out;
    }

    /** Opens a task per user; the first time also sets the deadline timer. */
    private Uni<Void> open(FlowRun run, ObjectNode token, String node, String kind, List<UUID> users,
            Deadline deadline) {
        token.put("state", "waiting");
        Instant due = deadline == null ? null : run.now.plus(Duration.parse(deadline.after()));
        for (UUID u : users) {
            addTask(run, token, node, kind, u, Instance.JSON.objectNode().put("slot", u.toString()), due);
        }
        ArrayNode who = Instance.JSON.arrayNode();
        users.forEach(u -> who.add(u.toString()));
        run.event(null, node, "assigned", null, Instance.JSON.objectNode().set("assignees", who));
        if (deadline == null) {
            return FlowRun.done();
        }
        token.with("wait").put("due", due.toString());
        return run.engine.enqueue(run.c, run.inst.tenant, NewJob.of(FlowJobs.TIMER, run.timerPayload(token,
                "deadline")).dueAt(due));
    }

    static FlowStore.Task addTask(FlowRun run, ObjectNode token, String node, String kind, UUID user,
            ObjectNode detail, Instant due) {
        FlowStore.Task t = new FlowStore.Task(UUID.randomUUID(), run.inst.id, token.get("id").asInt(),
                token.get("visit").asInt(), node, kind, user, "open", null, null, detail, run.now, due, null, null);
        run.tasks.add(t);
        return t;
    }

    // ---- actions on a task ----

    /** Checks that the action is one the node offers and its comment rule; then does it. */
    Uni<Void> act(FlowRun run, ObjectNode token, FlowStore.Task task, String action, ActionBody body) {
        FlowNode node = run.flow.node(task.node());
        if (RESUBMIT.equals(task.kind())) {
            return switch (action) {
                case "resubmit" -> close(run, task, "resubmitted", body).invoke(() -> run.go(token, task.node()));
                default -> throw notOffered(action, List.of("resubmit"));
            };
        }
        if (node instanceof TaskNode tn) {
            return switch (action) {
                case "complete" -> complete(run, token, task, tn, body);
                case "transfer" -> transfer(run, token, task, body);
                default -> throw notOffered(action, List.of("complete", "transfer"));
            };
        }
        ApprovalNode n = (ApprovalNode) node;
        ApprovalNode.Action a = java.util.Arrays.stream(ApprovalNode.Action.values())
                .filter(x -> x.json().equals(action)).findFirst().orElse(null);
        if (a == null || a == ApprovalNode.Action.WITHDRAW || a == ApprovalNode.Action.URGE
                || !n.actions().contains(a)) {
            throw notOffered(action, n.actions().stream().filter(x -> x != ApprovalNode.Action.WITHDRAW
                    && x != ApprovalNode.Action.URGE).map(ApprovalNode.Action::json).toList());
        }
        boolean decisive = a == ApprovalNode.Action.APPROVE || a == ApprovalNode.Action.REJECT
                || a == ApprovalNode.Action.RETURN;
        boolean needsComment = n.comment() == ApprovalNode.Comments.REQUIRED && decisive
                || n.comment() == ApprovalNode.Comments.REQUIRED_ON_REJECT && (a == ApprovalNode.Action.REJECT
                        || a == ApprovalNode.Action.RETURN);
        if (needsComment && (body.comment() == null || body.comment().isBlank())) {
            throw invalid("/comment", "COMMENT_REQUIRED", "'" + action + "' at '" + n.key() + "' needs a"
                    + " comment.");
        }
        if (n.fourEyes() && decisive && a != ApprovalNode.Action.RETURN && (run.actor.equals(run.inst.submitter)
                || run.inst.approvers().contains(run.actor))) {
            throw new AccessDenied("FOUR_EYES", "This approval needs someone other than the submitter and the"
                    + " earlier approvers of the request.");
        }
        return switch (a) {
            case APPROVE -> approve(run, token, task, n, body);
            case REJECT -> close(run, task, "rejected", body).flatMap(x -> rejected(run, token, task, n, body));
            case RETURN -> giveBack(run, token, task, n, body);
            case TRANSFER -> transfer(run, token, task, body);
            case ADD_SIGNER_BEFORE -> signerBefore(run, token, task, body);
            case ADD_SIGNER_AFTER -> signerAfter(run, task, body);
            case CC -> {
                run.note(body.users(), "cc", label(run) + ": you are copied on '" + n.key() + "'");
                run.event(task.node(), "cc", body.comment(), users(body.users()));
                yield FlowRun.done();
            }
            default -> throw notOffered(action, List.of());
        };
    }

    private static InvalidInput notOffered(String action, List<String> offered) {
        return new InvalidInput(409, "ACTION_NOT_OFFERED", "'" + shorten(action) + "' is not an action of this"
                + " task; it offers " + String.join(", ", offered) + ".",
                List.of(
                        new io.tradewind.runtime.error.TradewindException.Violation("/action", "ACTION_NOT_OFFERED",
                                "Use one of: " + String.join(", ", offered) + ".")));
    }

    private Uni<Void> close(FlowRun run, FlowStore.Task task, String outcome, ActionBody body) {
        return FlowStore.close(run.c, run.inst.tenant, task.id(), "done", outcome, body.comment(), run.actor,
                run.now).map(ok -> {
                    if (!ok) {
                        throw new Conflict("TASK_CLOSED", "Someone acted on this task first; it is closed.");
                    }
                    return null;
                });
    }

    private Uni<Void> approve(FlowRun run, ObjectNode token, FlowStore.Task task, ApprovalNode n, ActionBody body) {
        return close(run, task, "approved", body).flatMap(x -> {
            run.event(task.node(), "approve", body.comment(), null);
            run.inst.addApprover(run.actor);
            JsonNode after = task.detail().get("after");
            if (after instanceof ArrayNode list && !list.isEmpty()) {
                // an added signer decides after this approver, for the same slot
                ObjectNode detail = task.detail().deepCopy();
                UUID next = UUID.fromString(list.get(0).asText());
                ArrayNode rest = detail.putArray("after");
                for (int i = 1; i < list.size(); i++) {
                    rest.add(list.get(i));
                }
                addTask(run, token, task.node(), APPROVAL, next, detail, task.dueAt());
                return FlowRun.done();
            }
            if (task.detail().has("before")) {
                // a signer added before: the assignee who added them decides now
                return FlowStore.setStatus(run.c, run.inst.tenant, UUID.fromString(task.detail().get("before")
                        .asText()), "open");
            }
            ObjectNode wait = token.with("wait");
            String slot = task.detail().path("slot").asText();
            if (task.detail().path("override").asBoolean()) {
                return decide(run, token, n, "approved", body);
            }
            add(wait.withArray("approved"), slot);
            ArrayNode slots = wait.withArray("slots");
            String mode = wait.get("mode").asText();
            if (mode.equals(ApprovalNode.Mode.SEQUENTIAL.json()) || mode.equals(ApprovalNode.Mode.MANAGER_CHAIN
                    .json())) {
                int pos = wait.get("pos").asInt() + 1;
                wait.put("pos", pos);
                if (pos < slots.size()) {
                    UUID next = UUID.fromString(slots.get(pos).asText());
                    addTask(run, token, task.node(), APPROVAL, next, Instance.JSON.objectNode().put("slot", next
                            .toString()), task.dueAt());
                    return FlowRun.done();
                }
                return decide(run, token, n, "approved", body);
            }
            if (wait.withArray("approved").size() >= wait.get("needed").asInt()) {
                return decide(run, token, n, "approved", body);
            }
            return FlowRun.done();
        });
    }

    private Uni<Void> rejected(FlowRun run, ObjectNode token, FlowStore.Task task, ApprovalNode n, ActionBody body) {
        run.event(task.node(), "reject", body.comment(), null);
        ObjectNode wait = token.with("wait");
        if (!task.detail().path("override").asBoolean() && ApprovalNode.Mode.RATIO.json().equals(wait.get("mode")
                .asText())) {
            add(wait.withArray("rejected"), task.detail().path("slot").asText());
            int canStillApprove = wait.withArray("slots").size() - wait.withArray("rejected").size();
            if (canStillApprove >= wait.get("needed").asInt()) {
                return FlowRun.done();
            }
        }
        return decide(run, token, n, "rejected", body);
    }

    /**
     * The node's outcome: the open tasks close, the decision is recorded, the cc list hears, the token
     * moves.
     */
    Uni<Void> decide(FlowRun run, ObjectNode token, ApprovalNode n, String outcome, ActionBody body) {
        ObjectNode decision = Instance.JSON.objectNode().put("outcome", outcome).put("node", n.key());
        if (body.comment() == null) {
            decision.putNull("comment");
        } else {
            decision.put("comment", body.comment());
        }
        if (run.actor == null) {
            decision.putNull("by");
        } else {
            decision.put("by", run.actor.toString());
        }
        decision.put("at", run.now.toString());
        run.inst.outputs().set(n.key(), decision);
        run.inst.state.set("decision", decision.deepCopy());
        run.event(null, n.key(), outcome, null, null);
        return FlowStore.cancelTasks(run.c, run.inst.tenant, run.inst.id, token.get("id").asInt(), run.now)
                .flatMap(x -> assignees.all(run, n.cc(), n.key())).map(cc -> {
                    run.note(cc, "cc", label(run) + ": '" + n.key() + "' was " + outcome);
                    if (outcome.equals("approved")) {
                        run.go(token, n.next());
                    } else if (n.onReject() != null) {
                        run.go(token, n.onReject());
                    } else {
                        return "end";
                    }
                    return null;
                }).flatMap(end -> end == null ? FlowRun.done() : run.end(n.key(), "rejected"));
    }

    private Uni<Void> giveBack(FlowRun run, ObjectNode token, FlowStore.Task task, ApprovalNode n, ActionBody body) {
        String to = body.returnTo() == null ? ApprovalNode.SUBMITTER : body.returnTo();
        if (!n.returnTo().contains(to)) {
            throw invalid("/returnTo", "RETURN_TARGET_INVALID", "'" + shorten(to) + "' is not a place this"
                    + " approval returns to; use one of " + String.join(", ", n.returnTo()) + ".");
        }
        return close(run, task, "returned", body)
                .flatMap(x -> FlowStore.cancelTasks(run.c, run.inst.tenant, run.inst.id, token.get("id").asInt(),
                        run.now))
                .map(x -> {
                    run.event(task.node(), "return", body.comment(), Instance.JSON.objectNode().put("to", to));
                    if (to.equals(ApprovalNode.SUBMITTER)) {
                        if (run.inst.submitter == null) {
                            throw invalid("/returnTo", "RETURN_TARGET_INVALID", "This request has no"
                                    + " submitter to return it to.");
                        }
                        run.note(List.of(run.inst.submitter), "returned", label(run) + " was returned to you"
                                + (body.comment() == null ? "" : ": " + body.comment()));
                        token.with("wait").put("returned", true);
                        addTask(run, token, task.node(), RESUBMIT, run.inst.submitter, Instance.JSON.objectNode(),
                                null);
                    } else {
                        run.go(token, to);
                    }
                    return null;
                });
    }

    private Uni<Void> transfer(FlowRun run, ObjectNode token, FlowStore.Task task, ActionBody body) {
        UUID to = oneUser(body, "transfer");
        return Assignees.active(run.c, run.inst.tenant, List.of(to)).flatMap(ok -> {
            if (ok.isEmpty()) {
                throw invalid("/to", "USER_UNKNOWN", "There is no active user " + to + ".");
            }
            if (to.equals(task.assignee())) {
                throw invalid("/to", "TRANSFER_TO_SELF", "The task is already yours.");
            }
            return close(run, task, "transferred", body);
        }).map(x -> {
            addTask(run, token, task.node(), task.kind(), to, task.detail().deepCopy(), task.dueAt());
            run.event(task.node(), "transfer", body.comment(), Instance.JSON.objectNode().put("to", to.toString()));
            run.note(List.of(to), "task", label(run) + ": a task was handed to you");
            return null;
        });
    }

    private Uni<Void> signerBefore(FlowRun run, ObjectNode token, FlowStore.Task task, ActionBody body) {
        UUID to = oneUser(body, "addSignerBefore");
        return Assignees.active(run.c, run.inst.tenant, List.of(to)).flatMap(ok -> {
            if (ok.isEmpty()) {
                throw invalid("/to", "USER_UNKNOWN", "There is no active user " + to + ".");
            }
            return FlowStore.setStatus(run.c, run.inst.tenant, task.id(), "waiting");
        }).map(x -> {
            addTask(run, token, task.node(), APPROVAL, to, Instance.JSON.objectNode().put("slot", task.detail()
                    .path("slot").asText()).put("before", task.id().toString()), task.dueAt());
            run.event(task.node(), "addSignerBefore", body.comment(), Instance.JSON.objectNode().put("signer", to
                    .toString()));
            return null;
        });
    }

    private Uni<Void> signerAfter(FlowRun run, FlowStore.Task task, ActionBody body) {
        UUID to = oneUser(body, "addSignerAfter");
        ObjectNode detail = task.detail().deepCopy();
        detail.withArray("after").add(to.toString());
        return Assignees.active(run.c, run.inst.tenant, List.of(to)).flatMap(ok -> {
            if (ok.isEmpty()) {
                throw invalid("/to", "USER_UNKNOWN", "There is no active user " + to + ".");
            }
            return run.c.preparedQuery("update flow_task set detail = $3::text::jsonb where tenant_id = $1 and id ="
                    + " $2").execute(io.vertx.mutiny.sqlclient.Tuple.of(run.inst.tenant, task.id(),
                            detail
                                    .toString()));
        }).map(x -> {
            run.event(task.node(), "addSignerAfter", body.comment(), Instance.JSON.objectNode().put("signer", to
                    .toString()));
            return null;
        });
    }

    private Uni<Void> complete(FlowRun run, ObjectNode token, FlowStore.Task task, TaskNode n, ActionBody body) {
        ObjectNode data = body.data() == null ? Instance.JSON.objectNode() : body.data();
        List<io.tradewind.runtime.error.TradewindException.Violation> wrong = new ArrayList<>();
        data.fieldNames().forEachRemaining(f -> {
            if (!n.fields().contains(f)) {
                wrong.add(new io.tradewind.runtime.error.TradewindException.Violation("/data/" + f,
                        "FIELD_NOT_IN_TASK", "'" + f + "' is not a field of this task; it asks for " + String.join(
                                ", ", n.fields()) + "."));
            }
        });
        for (String r : n.required()) {
            JsonNode v = data.has(r) ? data.get(r) : run.record == null ? null : run.record.data().get(r);
            if (v == null || v.isNull() || v.isTextual() && v.textValue().isBlank()) {
                wrong.add(new io.tradewind.runtime.error.TradewindException.Violation("/data/" + r,
                        "FIELD_REQUIRED", "'" + r + "' is required to complete this task."));
            }
        }
        if (!wrong.isEmpty()) {
            throw new InvalidInput(422, "TASK_INVALID", wrong.size() == 1
                    ? wrong.get(0).message()
                    : wrong.size() + " problems; see errors.", wrong);
        }
        if (run.record == null && data.size() > 0) {
            throw invalid("/data", "FLOW_NO_RECORD", "The task's record no longer exists.");
        }
        Uni<Void> write = data.size() == 0
                ? FlowRun.done()
                : records.bound(run.c).update(run.system(), run.inst.app, run.inst.form,
                        run.record.id().toString(), data, null).replaceWithVoid();
        return write.flatMap(x -> close(run, task, "completed", body)).flatMap(x -> FlowStore.cancelTasks(run.c,
                run.inst.tenant, run.inst.id, token.get("id").asInt(), run.now)).flatMap(x -> {
                    run.event(task.node(), "complete", body.comment(), data.size() == 0 ? null : data);
                    run.go(token, n.next());
                    return run.reloadRecord();
                });
    }

    // ---- deadlines ----

    Uni<Void> deadline(FlowRun run, ObjectNode token) {
        FlowNode node = run.flow.node(token.get("node").asText());
        Deadline d = node instanceof ApprovalNode a ? a.deadline() : node instanceof TaskNode t ? t.deadline() : null;
        if (d == null) {
            return FlowRun.done();
        }
        ActionBody system = new ActionBody("The deadline passed.", List.of(), null, null);
        return switch (d.action()) {
            case REMIND -> FlowStore.tasks(run.c, run.inst.tenant, run.inst.id).flatMap(all -> {
                List<UUID> open = all.stream().filter(t -> t.open() && t.token() == token.get("id").asInt())
                        .map(FlowStore.Task::assignee).toList();
                run.note(open, "reminder", label(run) + ": a task of yours is overdue");
                run.event(null, node.key(), "remind", null, users(open));
                if (d.remindEvery() == null) {
                    return FlowRun.done();
                }
                return run.engine.enqueue(run.c, run.inst.tenant, NewJob.of(FlowJobs.TIMER, run.timerPayload(
                        token, "deadline")).dueAt(run.now.plus(Duration.parse(d.remindEvery()))));
            });
            case AUTO_APPROVE -> decide(run, token, (ApprovalNode) node, "approved", system);
            case AUTO_REJECT -> decide(run, token, (ApprovalNode) node, "rejected", system);
            case ESCALATE -> assignees.all(run, List.of(d.escalateTo()), node.key()).map(users -> {
                for (UUID u : users) {
                    addTask(run, token, node.key(), node instanceof TaskNode ? TASK : APPROVAL, u, Instance.JSON
                            .objectNode().put("slot", u.toString()).put("override", true), null);
                }
                run.note(users, "task", label(run) + ": an overdue request was escalated to you");
                run.event(null, node.key(), "escalate", null, users(users));
                return null;
            });
        };
    }

    // ---- helpers ----

    static String label(FlowRun run) {
        String name = run.flow.definition().label().text("en");
        return run.record != null && run.record.data().has("number")
                ? name + " " + run.record.data().get("number").asText()
                : name;
    }

    private static UUID oneUser(ActionBody body, String action) {
        if (body.users() == null || body.users().size() != 1) {
            throw invalid("/to", "USER_REQUIRED", "'" + action + "' needs 'to': the id of one user.");
        }
        return body.users().get(0);
    }

    private static ObjectNode users(List<UUID> users) {
        ArrayNode a = Instance.JSON.arrayNode();
        users.forEach(u -> a.add(u.toString()));
        return Instance.JSON.objectNode().set("users", a);
    }

    private static void add(ArrayNode a, String v) {
        for (JsonNode x : a) {
            if (x.asText().equals(v)) {
                return;
            }
        }
        a.add(v);
    }

    static InvalidInput invalid(String pointer, String code, String message) {
        return new InvalidInput(422, code, message, List.of(new io.tradewind.runtime.error.TradewindException.Violation(
                pointer, code, message)));
    }

    static String shorten(String s) {
        return FlowCatalog.shorten(s);
    }
}
