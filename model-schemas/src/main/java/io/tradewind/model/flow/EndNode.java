package io.tradewind.model.flow;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import io.tradewind.model.I18nText;

/**
 * Ends the instance (every branch still running in it stops). JSON type {@code "end"}.
 *
 * @param key
 *            the node key
 * @param label
 *            the label, null when absent
 * @param outcome
 *            how the instance ended; {@code completed} when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndNode(String key, I18nText label, Outcome outcome) implements FlowNode {

    /** The JSON type name. */
    public static final String TYPE = "end";

    /** Checks the key and applies the default outcome. */
    public EndNode {
        FlowSupport.requireKey(key);
        outcome = outcome == null ? Outcome.COMPLETED : outcome;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Edge> edges() {
        return List.of();
    }

    /** How an instance ended; lower case in JSON. */
    public enum Outcome {
        /** Done. */
        COMPLETED("completed"),
        /** The request was approved. */
        APPROVED("approved"),
        /** The request was rejected. */
        REJECTED("rejected"),
        /** Stopped without doing its work (e.g. a limit was reached). */
        CANCELLED("cancelled");

        private final String json;

        Outcome(String json) {
            this.json = json;
        }

        /** The JSON name. */
        @JsonValue
        public String json() {
            return json;
        }
    }
}
