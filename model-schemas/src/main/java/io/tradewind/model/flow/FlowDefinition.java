package io.tradewind.model.flow;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * A flow, read from {@code flows/<key>.flow.json}: a trigger and a graph of nodes. The first node
 * of {@code nodes} is where an instance starts; every other node is reached through the
 * {@code next} (or branch) keys of the nodes before it.
 *
 * @param key
 *            the flow key, equal to the file name
 * @param label
 *            the flow's name
 * @param description
 *            a help text, null when absent
 * @param form
 *            the key of the form whose records the flow runs on; required by the record,
 *            relative-date and manual triggers, null when absent (schedule and webhook flows
 *            without a record)
 * @param trigger
 *            what starts an instance
 * @param nodes
 *            the nodes, the start node first; non-empty
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FlowDefinition(String key, I18nText label, I18nText description, String form, FlowTrigger trigger,
        List<FlowNode> nodes) {

    /** Rejects null key, label, trigger and nodes; copies the node list. */
    public FlowDefinition {
        FlowSupport.requireKey(key);
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(trigger, "trigger");
        nodes = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
    }

    /** The node with the given key, if any (the first one when keys are duplicated). */
    public Optional<FlowNode> node(String key) {
        return nodes.stream().filter(n -> n.key().equals(key)).findFirst();
    }

    /** The node an instance starts at. */
    public FlowNode start() {
        return nodes.getFirst();
    }
}
