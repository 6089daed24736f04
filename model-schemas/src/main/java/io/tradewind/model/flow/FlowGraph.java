package io.tradewind.model.flow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph of a flow's nodes, by position in {@code nodes}: edges to keys that name no node are
 * left out, and a key used twice means its first node. Used by the validator and, on a valid flow,
 * by the engine's compiler.
 */
public final class FlowGraph {
    private final List<FlowNode> nodes;
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final List<List<Integer>> successors = new ArrayList<>();
    private final List<List<Integer>> predecessors = new ArrayList<>();

    private FlowGraph(List<FlowNode> nodes) {
        this.nodes = nodes;
        for (int i = 0; i < nodes.size(); i++) {
            index.putIfAbsent(nodes.get(i).key(), i);
            successors.add(new ArrayList<>());
            predecessors.add(new ArrayList<>());
        }
        for (int i = 0; i < nodes.size(); i++) {
            for (FlowNode.Edge e : nodes.get(i).edges()) {
                Integer to = index.get(e.target());
                if (to != null) {
                    successors.get(i).add(to);
                    predecessors.get(to).add(i);
                }
            }
        }
    }

    /** The graph of a flow. */
    public static FlowGraph of(FlowDefinition flow) {
        return new FlowGraph(flow.nodes());
    }

    /** The position of the node with this key, or -1. */
    public int indexOf(String key) {
        return index.getOrDefault(key, -1);
    }

    /** The nodes an edge of node {@code i} leads to (one entry per edge). */
    public List<Integer> successors(int i) {
        return List.copyOf(successors.get(i));
    }

    /** The nodes with an edge to node {@code i} (one entry per edge). */
    public List<Integer> predecessors(int i) {
        return List.copyOf(predecessors.get(i));
    }

    /** The nodes reachable from the start node (the first), the start included. */
    public BitSet reachableFromStart() {
        return nodes.isEmpty() ? new BitSet() : reachable(0, successors);
    }

    /**
     * The nodes from which node {@code i} can be reached in one or more steps (so {@code i} itself only
     * when it lies on a cycle).
     */
    public BitSet ancestors(int i) {
        BitSet out = new BitSet();
        for (int p : predecessors.get(i)) {
            out.or(reachable(p, predecessors));
        }
        return out;
    }

    private BitSet reachable(int from, List<List<Integer>> edges) {
        BitSet seen = new BitSet();
        Deque<Integer> todo = new ArrayDeque<>();
        seen.set(from);
        todo.push(from);
        while (!todo.isEmpty()) {
            for (int n : edges.get(todo.pop())) {
                if (!seen.get(n)) {
                    seen.set(n);
                    todo.push(n);
                }
            }
        }
        return seen;
    }

    /**
     * The cycles: strongly connected components with more than one node or a node that leads to itself,
     * each as its node positions in ascending order; components in order of their first node.
     */
    public List<List<Integer>> cycles() {
        int n = nodes.size();
        int[] comp = new int[n];
        java.util.Arrays.fill(comp, -1);
        // Kosaraju: finish order on the graph, then components on the reversed graph
        List<Integer> order = new ArrayList<>();
        BitSet visited = new BitSet();
        for (int s = 0; s < n; s++) {
            if (!visited.get(s)) {
                finishOrder(s, visited, order);
            }
        }
        int count = 0;
        for (int k = order.size() - 1; k >= 0; k--) {
            int s = order.get(k);
            if (comp[s] >= 0) {
                continue;
            }
            Deque<Integer> todo = new ArrayDeque<>();
            comp[s] = count;
            todo.push(s);
            while (!todo.isEmpty()) {
                for (int p : predecessors.get(todo.pop())) {
                    if (comp[p] < 0) {
                        comp[p] = count;
                        todo.push(p);
                    }
                }
            }
            count++;
        }
        Map<Integer, List<Integer>> byComp = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            byComp.computeIfAbsent(comp[i], c -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> out = new ArrayList<>();
        for (List<Integer> members : byComp.values()) {
            int first = members.getFirst();
            if (members.size() > 1 || successors.get(first).contains(first)) {
                out.add(List.copyOf(members));
            }
        }
        return out;
    }

    private void finishOrder(int start, BitSet visited, List<Integer> order) {
        // iterative depth-first search: (node, next successor to look at)
        Deque<int[]> stack = new ArrayDeque<>();
        visited.set(start);
        stack.push(new int[]{start, 0});
        while (!stack.isEmpty()) {
            int[] top = stack.peek();
            List<Integer> next = successors.get(top[0]);
            if (top[1] < next.size()) {
                int s = next.get(top[1]++);
                if (!visited.get(s)) {
                    visited.set(s);
                    stack.push(new int[]{s, 0});
                }
            } else {
                order.add(top[0]);
                stack.pop();
            }
        }
    }
}
