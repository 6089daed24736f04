package io.tradewind.runtime.flow;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of an action on a task: a comment, users (transfer, add a signer, cc), where to return
 * the request, field values (a fill-in task).
 */
public record ActionBody(String comment, List<UUID> users, String returnTo, ObjectNode data) {
    public ActionBody {
        users = users == null ? List.of() : List.copyOf(users);
    }
}
