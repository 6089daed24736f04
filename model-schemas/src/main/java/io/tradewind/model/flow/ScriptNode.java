package io.tradewind.model.flow;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * Runs a script in the sandbox; its return value is {@code outputs.<key>} in later expressions.
 * JSON type {@code "script"}. A script may declare its own variables, so only its syntax is
 * checked.
 *
 * @param key
 *            the node key
 * @param label
 *            the label, null when absent
 * @param script
 *            the JavaScript body, ending in a {@code return}
 * @param next
 *            the node after it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScriptNode(String key, I18nText label, String script, String next) implements FlowNode {

    /** The JSON type name. */
    public static final String TYPE = "script";

    /** Checks the key, script and next. */
    public ScriptNode {
        FlowSupport.requireKey(key);
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(next, "next");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Edge> edges() {
        return List.of(new Edge("/next", next));
    }

    @Override
    public boolean hasOutput() {
        return true;
    }
}
