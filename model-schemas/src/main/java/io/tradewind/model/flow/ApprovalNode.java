package io.tradewind.model.flow;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import io.tradewind.model.I18nText;

/**
 * An approval step. JSON type {@code "approval"}. Approved goes to {@code next}; rejected goes to
 * {@code onReject}, or ends the instance as rejected when that is absent; {@code return} sends the
 * record back to an earlier node or to the submitter. The decision is {@code outputs.<key>} in
 * later expressions, and the latest decision of the instance is {@code decision}: objects with
 * {@code outcome} ({@code approved} or {@code rejected}), {@code comment}, {@code by} and
 * {@code at}.
 *
 * @param key
 *            the node key
 * @param label
 *            the label, null when absent
 * @param mode
 *            how the assignees decide
 * @param assignees
 *            who decides (all modes but {@code managerChain}); empty when absent
 * @param ratio
 *            for {@code ratio}: the share of assignees that must approve, above 0 and at most 1
 * @param levels
 *            for {@code managerChain}: how many managers up the reporting line approve in turn, 1
 *            to 10
 * @param of
 *            for {@code managerChain}: whose managers, a user reference (see {@link Assignment});
 *            {@code submitter} when absent
 * @param actions
 *            what an assignee may do; {@code approve} and {@code reject} when absent
 * @param returnTo
 *            for the {@code return} action: where the record may be sent back, {@code "submitter"}
 *            or keys of earlier nodes; empty when absent
 * @param comment
 *            whether a comment is asked for; {@code optional} when absent
 * @param deadline
 *            the deadline, null when absent
 * @param fourEyes
 *            whether each approver must differ from the submitter and from the earlier approvers of
 *            the instance (default false)
 * @param cc
 *            who is copied on the outcome; empty when absent
 * @param next
 *            the node after approval
 * @param onReject
 *            the node after rejection, null to end the instance as rejected
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApprovalNode(String key, I18nText label, Mode mode, List<Assignment> assignees, BigDecimal ratio,
        Integer levels, String of, List<Action> actions, List<String> returnTo, Comments comment, Deadline deadline,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean fourEyes, List<Assignment> cc, String next,
        String onReject) implements FlowNode {

    /** The JSON type name. */
    public static final String TYPE = "approval";
    /** The {@code returnTo} entry that sends the record back to whoever started the instance. */
    public static final String SUBMITTER = Assignment.SUBMITTER;

    /** Checks the key, mode and next; copies lists and applies the defaults. */
    public ApprovalNode {
        FlowSupport.requireKey(key);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(next, "next");
        assignees = FlowSupport.copy(assignees);
        actions = actions == null ? List.of(Action.APPROVE, Action.REJECT) : List.copyOf(actions);
        returnTo = FlowSupport.copy(returnTo);
        comment = comment == null ? Comments.OPTIONAL : comment;
        cc = FlowSupport.copy(cc);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Edge> edges() {
        List<Edge> out = new ArrayList<>();
        out.add(new Edge("/next", next));
        if (onReject != null) {
            out.add(new Edge("/onReject", onReject));
        }
        return out;
    }

    @Override
    public boolean waits() {
        return true;
    }

    @Override
    public boolean hasOutput() {
        return true;
    }

    /** How the assignees decide; lower camel case in JSON. */
    public enum Mode {
        /** One approval of any assignee decides (或签). */
        ANY_OF("anyOf"),
        /** Every assignee must approve (会签); one rejection rejects. */
        ALL_OF("allOf"),
        /** At least {@code ratio} of the assignees must approve. */
        RATIO("ratio"),
        /** The assignees approve one after another, in the order given. */
        SEQUENTIAL("sequential"),
        /** The managers of {@code of} approve one after another, {@code levels} steps up. */
        MANAGER_CHAIN("managerChain");

        private final String json;

        Mode(String json) {
            this.json = json;
        }

        /** The JSON name. */
        @JsonValue
        public String json() {
            return json;
        }
    }

    /** What an assignee (or, for withdraw, the submitter) may do; lower camel case in JSON. */
    public enum Action {
        /** Approve. */
        APPROVE("approve"),
        /** Reject. */
        REJECT("reject"),
        /** Send back to an entry of {@code returnTo} (退回). */
        RETURN("return"),
        /** Hand the task to another user (转交). */
        TRANSFER("transfer"),
        /** Add a signer who decides before the assignee (前加签). */
        ADD_SIGNER_BEFORE("addSignerBefore"),
        /** Add a signer who decides after the assignee (后加签). */
        ADD_SIGNER_AFTER("addSignerAfter"),
        /** Copy someone on the approval (抄送). */
        CC("cc"),
        /** The submitter takes the request back while it is undecided (撤回). */
        WITHDRAW("withdraw"),
        /** The submitter reminds the assignees (催办). */
        URGE("urge");

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

    /** Whether a decision needs a comment; lower camel case in JSON. */
    public enum Comments {
        /** A comment may be given. */
        OPTIONAL("optional"),
        /** Every decision needs a comment. */
        REQUIRED("required"),
        /** Rejecting and returning need a comment. */
        REQUIRED_ON_REJECT("requiredOnReject");

        private final String json;

        Comments(String json) {
            this.json = json;
        }

        /** The JSON name. */
        @JsonValue
        public String json() {
            return json;
        }
    }
}
