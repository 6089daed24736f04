package io.tradewind.runtime.flow;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tradewind.model.flow.FlowDefinition;
import io.tradewind.model.flow.FlowNode;
import io.tradewind.runtime.form.CompiledForm;
import io.tradewind.runtime.script.ScriptEngine;
import io.tradewind.runtime.script.ValueProgram;

/**
 * One published version of a flow, ready to run: its definition, nodes by key and its expressions,
 * each compiled once on first use (the script engine caches the compiled source per pooled
 * context).
 */
public final class CompiledFlow {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");

    private final UUID id;
    private final int version;
    private final String app;
    private final FlowDefinition definition;
    private final Map<String, FlowNode> nodes = new java.util.HashMap<>();
    private final ScriptEngine scripts;
    private final Map<String, ValueProgram> programs = new ConcurrentHashMap<>();

    CompiledFlow(UUID id, int version, String app, FlowDefinition definition, ScriptEngine scripts) {
        this.id = id;
        this.version = version;
        this.app = app;
        this.definition = definition;
        this.scripts = scripts;
        definition.nodes().forEach(n -> nodes.putIfAbsent(n.key(), n));
    }

    public UUID id() {
        return id;
    }

    public int version() {
        return version;
    }

    public String app() {
        return app;
    }

    public String key() {
        return definition.key();
    }

    public FlowDefinition definition() {
        return definition;
    }

    /** The node with this key; fails when the definition has none (a migration mapped it away). */
    public FlowNode node(String key) {
        FlowNode n = nodes.get(key);
        if (n == null) {
            throw new IllegalStateException("TW-FLOW-002 flow " + key() + " v" + version + " has no node " + key);
        }
        return n;
    }

    public boolean hasNode(String key) {
        return nodes.containsKey(key);
    }

    /**
     * Evaluates an expression of this flow against {@code bindings}; {@code pointer} names it on
     * failure.
     */
    public JsonNode eval(String expr, ObjectNode bindings, CompiledForm.EvalEnv env, String pointer) {
        ValueProgram p = programs.computeIfAbsent(expr, e -> scripts.values(key() + "-v" + version, List.of(e)));
        return p.eval(0, bindings, env, pointer);
    }

    /** Whether an expression value counts as true (JavaScript truthiness of JSON values). */
    public static boolean truthy(JsonNode v) {
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.doubleValue() != 0;
        }
        if (v.isTextual()) {
            return !v.textValue().isEmpty();
        }
        return true;
    }

    /** A text with its {@code {{path}}} placeholders replaced by their values (null shows as empty). */
    public String render(String text, ObjectNode bindings, CompiledForm.EvalEnv env, String pointer) {
        if (text == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            JsonNode v = eval(m.group(1), bindings, env, pointer);
            String shown = v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
            m.appendReplacement(sb, Matcher.quoteReplacement(shown));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
