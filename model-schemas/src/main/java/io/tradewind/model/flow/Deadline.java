package io.tradewind.model.flow;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A deadline of an approval or task: when it has passed, the action runs.
 *
 * @param after
 *            an ISO 8601 duration from the moment the node was reached, e.g. {@code P2D}
 * @param action
 *            what happens then
 * @param remindEvery
 *            for {@code remind}: repeat the reminder at this interval (ISO 8601); null reminds once
 * @param escalateTo
 *            for {@code escalate}: who gets the task in addition; required then, absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Deadline(String after, Action action, String remindEvery, Assignment escalateTo) {

    /** Rejects null {@code after} and {@code action}. */
    public Deadline {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(action, "action");
    }

    /** What a passed deadline does; lower camel case in JSON. */
    public enum Action {
        /** Remind the assignees (urge), repeatedly with {@code remindEvery}. */
        REMIND("remind"),
        /** Approve on the assignees' behalf (approvals only). */
        AUTO_APPROVE("autoApprove"),
        /** Reject on the assignees' behalf (approvals only). */
        AUTO_REJECT("autoReject"),
        /** Add the users of {@code escalateTo} as assignees. */
        ESCALATE("escalate");

        private final String json;

        Action(String json) {
            this.json = json;
        }

        /** The JSON name. */
        @JsonValue
        public String json() {
            return json;
        }
    }
}
