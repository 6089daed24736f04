package io.tradewind.model.flow;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.tradewind.model.I18nText;

/**
 * A node of a flow, polymorphic on the JSON property {@code "type"}; one record per type. Nodes
 * name the nodes that follow them by key ({@code next}, branch targets), so the graph is written
 * where it is read; {@link #edges()} lists those references.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = ConditionNode.class, name = ConditionNode.TYPE),
        @JsonSubTypes.Type(value = ParallelNode.class, name = ParallelNode.TYPE),
        @JsonSubTypes.Type(value = JoinNode.class, name = JoinNode.TYPE),
        @JsonSubTypes.Type(value = ApprovalNode.class, name = ApprovalNode.TYPE),
        @JsonSubTypes.Type(value = TaskNode.class, name = TaskNode.TYPE),
        @JsonSubTypes.Type(value = CreateNode.class, name = CreateNode.TYPE),
        @JsonSubTypes.Type(value = UpdateNode.class, name = UpdateNode.TYPE),
        @JsonSubTypes.Type(value = DeleteNode.class, name = DeleteNode.TYPE),
        @JsonSubTypes.Type(value = QueryNode.class, name = QueryNode.TYPE),
        @JsonSubTypes.Type(value = NotifyNode.class, name = NotifyNode.TYPE),
        @JsonSubTypes.Type(value = HttpNode.class, name = HttpNode.TYPE),
        @JsonSubTypes.Type(value = ScriptNode.class, name = ScriptNode.TYPE),
        @JsonSubTypes.Type(value = DelayNode.class, name = DelayNode.TYPE),
        @JsonSubTypes.Type(value = WaitUntilNode.class, name = WaitUntilNode.TYPE),
        @JsonSubTypes.Type(value = SubflowNode.class, name = SubflowNode.TYPE),
        @JsonSubTypes.Type(value = EndNode.class, name = EndNode.TYPE)})
public sealed interface FlowNode permits ConditionNode, ParallelNode, JoinNode, ApprovalNode, TaskNode, CreateNode,
        UpdateNode, DeleteNode, QueryNode, NotifyNode, HttpNode, ScriptNode, DelayNode, WaitUntilNode, SubflowNode,
        EndNode {

    /**
     * A reference from a node to a node that may follow it.
     *
     * @param pointer
     *            where the reference is, relative to the node (e.g. {@code /next},
     *            {@code /branches/1/next})
     * @param target
     *            the key of the node it names
     */
    record Edge(String pointer, String target) {
    }

    /** The node key, unique in the flow. */
    String key();

    /** The JSON type name, e.g. {@code "approval"}; equal to the record's {@code TYPE} constant. */
    @JsonIgnore
    String type();

    /** The label shown in the designer and the instance history, or null when absent. */
    I18nText label();

    /** The nodes that may follow this one, in the order they are written. */
    @JsonIgnore
    List<Edge> edges();

    /**
     * Whether an instance stops here until a person or the clock moves it on (approval, task, delay,
     * wait-until); a cycle must pass through such a node.
     */
    @JsonIgnore
    default boolean waits() {
        return false;
    }

    /**
     * Whether later expressions can read what this node produced as {@code outputs.<key>} (query,
     * create, approval, HTTP request, script).
     */
    @JsonIgnore
    default boolean hasOutput() {
        return false;
    }
}
