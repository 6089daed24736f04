package io.tradewind.runtime.flow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A flow instance as one transaction sees it, under the lock of its row. The state column holds the
 * tokens ({@code {id, node, visit, state, group, wait}}), the outputs of nodes, the latest
 * decision, the webhook payload, the fields a triggering write changed, parallel groups and
 * counters.
 */
final class Instance {
    static final String RUNNING = "running";
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    final String tenant;
    final UUID id;
    final String app;
    final String flowKey;
    UUID definitionId;
    String status;
    final String form;
    final UUID recordId;
    final UUID submitter;
    final UUID parentId;
    final ObjectNode state;
    String error;
    final Instant startedAt;
    Instant endedAt;
    boolean isNew;

    Instance(String tenant, UUID id, String app, String flowKey, UUID definitionId, String status, String form,
            UUID recordId, UUID submitter, UUID parentId, ObjectNode state, String error, Instant startedAt,
            Instant endedAt) {
        this.tenant = tenant;
        this.id = id;
        this.app = app;
        this.flowKey = flowKey;
        this.definitionId = definitionId;
        this.status = status;
        this.form = form;
        this.recordId = recordId;
        this.submitter = submitter;
        this.parentId = parentId;
        this.state = state;
        this.error = error;
        this.startedAt = startedAt;
        this.endedAt = endedAt;
    }

    static ObjectNode newState() {
        ObjectNode s = JSON.objectNode();
        s.putArray("tokens");
        s.put("nextToken", 1);
        s.put("visits", 0);
        s.putObject("outputs");
        s.putNull("decision");
        s.putArray("approvers");
        s.put("seq", 0);
        s.putObject("groups");
        return s;
    }

    boolean running() {
        return RUNNING.equals(status);
    }

    ArrayNode tokens() {
        return (ArrayNode) state.get("tokens");
    }

    ObjectNode outputs() {
        return (ObjectNode) state.get("outputs");
    }

    /** The token with this id, or null when it is gone. */
    ObjectNode token(int id) {
        for (JsonNode t : tokens()) {
            if (t.get("id").asInt() == id) {
                return (ObjectNode) t;
            }
        }
        return null;
    }

    /** A new token at {@code node} (not yet entered), in parallel group {@code group} (0 for none). */
    ObjectNode newToken(String node, int group) {
        int id = state.get("nextToken").asInt();
        state.put("nextToken", id + 1);
        ObjectNode t = tokens().addObject();
        t.put("id", id);
        t.put("node", node);
        t.put("visit", 0);
        t.put("state", "active");
        t.put("group", group);
        return t;
    }

    /** Moves a token to a node, as a new visit (tasks and timers of the old visit no longer match). */
    int visit(ObjectNode token, String node) {
        int v = state.get("visits").asInt() + 1;
        state.put("visits", v);
        token.put("node", node);
        token.put("visit", v);
        token.put("state", "active");
        token.remove("wait");
        return v;
    }

    void removeToken(int id) {
        ArrayNode tokens = tokens();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).get("id").asInt() == id) {
                tokens.remove(i);
                return;
            }
        }
    }

    List<ObjectNode> liveTokens() {
        List<ObjectNode> out = new ArrayList<>();
        tokens().forEach(t -> out.add((ObjectNode) t));
        return out;
    }

    int nextSeq() {
        int s = state.get("seq").asInt() + 1;
        state.put("seq", s);
        return s;
    }

    /** The users who approved something in this instance (four-eyes). */
    List<UUID> approvers() {
        List<UUID> out = new ArrayList<>();
        state.withArray("approvers").forEach(a -> out.add(UUID.fromString(a.asText())));
        return out;
    }

    void addApprover(UUID user) {
        if (user != null && !approvers().contains(user)) {
            state.withArray("approvers").add(user.toString());
        }
    }
}
