package io.tradewind.model.form;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The evaluation order of the formulas of one scope (a form's top-level fields, or one subtable's
 * row fields): a formula comes after the formulas its expression refers to. Formulas inside
 * subtables belong to the subtable's own scope and are not part of the top-level order.
 */
public final class FormulaOrder {

    private FormulaOrder() {
    }

    /**
     * The formulas of the scope, dependencies first; independent formulas keep their declaration order.
     *
     * @param scopeFields
     *            the fields of one scope
     * @throws FormulaCycleException
     *             when formulas depend on each other in a cycle (the first cycle found)
     */
    public static List<FormulaField> order(List<FieldDefinition> scopeFields) {
        var graph = dependencies(scopeFields);
        var cycles = cycles(graph);
        if (!cycles.isEmpty()) {
            throw new FormulaCycleException(cycles.getFirst());
        }
        var byKey = formulas(scopeFields);
        var done = new LinkedHashSet<String>();
        while (done.size() < graph.size()) {
            for (var entry : graph.entrySet()) {
                if (!done.contains(entry.getKey()) && done.containsAll(entry.getValue())) {
                    done.add(entry.getKey());
                    break;
                }
            }
        }
        return done.stream().map(byKey::get).toList();
    }

    /**
     * Every cycle among the formulas of the scope: each strongly connected group of formulas (or a
     * formula that refers to itself), as keys in declaration order; groups are ordered by their first
     * formula.
     */
    public static List<List<String>> cycles(List<FieldDefinition> scopeFields) {
        return cycles(dependencies(scopeFields));
    }

    private static Map<String, FormulaField> formulas(List<FieldDefinition> scopeFields) {
        var byKey = new LinkedHashMap<String, FormulaField>();
        for (var field : scopeFields) {
            if (field instanceof FormulaField formula) {
                byKey.putIfAbsent(formula.key(), formula);
            }
        }
        return byKey;
    }

    /** Formula key to the keys of the formulas it refers to, both in declaration order. */
    private static Map<String, Set<String>> dependencies(List<FieldDefinition> scopeFields) {
        var byKey = formulas(scopeFields);
        var graph = new LinkedHashMap<String, Set<String>>();
        byKey.forEach((key, formula) -> {
            var used = ExpressionReferences.freeIdentifiers(formula.expr());
            var deps = new LinkedHashSet<String>();
            byKey.keySet().stream().filter(used::contains).forEach(deps::add);
            graph.put(key, deps);
        });
        return graph;
    }

    /** Tarjan's strongly connected components, keeping the real cycles. */
    private static List<List<String>> cycles(Map<String, Set<String>> graph) {
        var keys = new ArrayList<>(graph.keySet());
        var index = new HashMap<String, Integer>();
        var low = new HashMap<String, Integer>();
        Deque<String> stack = new ArrayDeque<>();
        var onStack = new LinkedHashSet<String>();
        var components = new ArrayList<Set<String>>();
        for (var key : keys) {
            if (!index.containsKey(key)) {
                connect(key, graph, index, low, stack, onStack, components);
            }
        }
        var result = new ArrayList<List<String>>();
        for (var component : components) {
            var first = component.iterator().next();
            if (component.size() > 1 || graph.get(first).contains(first)) {
                result.add(keys.stream().filter(component::contains).toList());
            }
        }
        result.sort((a, b) -> Integer.compare(keys.indexOf(a.getFirst()), keys.indexOf(b.getFirst())));
        return result;
    }

    private static void connect(String key, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> components) {
        index.put(key, index.size());
        low.put(key, index.get(key));
        stack.push(key);
        onStack.add(key);
        for (var dep : graph.get(key)) {
            if (!index.containsKey(dep)) {
                connect(dep, graph, index, low, stack, onStack, components);
                low.put(key, Math.min(low.get(key), low.get(dep)));
            } else if (onStack.contains(dep)) {
                low.put(key, Math.min(low.get(key), index.get(dep)));
            }
        }
        if (low.get(key).equals(index.get(key))) {
            var component = new LinkedHashSet<String>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(key));
            components.add(component);
        }
    }
}
