package io.tradewind.model;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.tradewind.model.app.AppDefinition;
import io.tradewind.model.flow.FlowDefinition;
import io.tradewind.model.flow.FlowGraph;
import io.tradewind.model.flow.FlowNode;
import io.tradewind.model.flow.FlowTrigger;
import io.tradewind.model.flow.JoinNode;
import io.tradewind.model.flow.ParallelNode;
import io.tradewind.model.flow.SubflowNode;
import io.tradewind.model.form.FormDefinition;

/**
 * The semantic checks of the flows of a package, against its app.json (roles, settings), forms,
 * templates and each other: keys and file names, the trigger (form, fields, cron, durations, roles,
 * webhook keys), every node by type (see {@link FlowNodeChecks}), expressions (syntax and the names
 * they use, see {@link FlowScope}), and the graph: unknown targets, unreachable nodes, joins
 * without a split, cycles that never wait, sub-flows that call themselves. Reports every problem,
 * never just the first.
 */
public final class FlowValidator {
    private static final Pattern FLOW_KEY = Pattern.compile("^[a-z][a-zA-Z0-9_-]{0,62}$");
    private static final Pattern NODE_KEY = Pattern.compile("^[a-z][a-zA-Z0-9_]{0,62}$");

    private final AppDefinition app;
    private final Map<String, FormDefinition> forms;
    private final Set<String> templates;
    private final Map<String, FlowDefinition> flows = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    private FlowValidator(AppDefinition app, Map<String, FormDefinition> forms, Set<String> templates) {
        this.app = app;
        this.forms = forms;
        this.templates = templates;
    }

    /**
     * Validates the flows of a package.
     *
     * @param app
     *            the package's app.json
     * @param forms
     *            the package's forms by key
     * @param templates
     *            the names of the package's {@code templates/<name>.html} files
     * @param flows
     *            the parsed flows with their files
     */
    public static List<Problem> validate(AppDefinition app, Map<String, FormDefinition> forms, Set<String> templates,
            List<Sourced<FlowDefinition>> flows) {
        FlowValidator v = new FlowValidator(app, forms, templates);
        Map<String, String> hooks = new HashMap<>();
        for (Sourced<FlowDefinition> f : flows) {
            String file = f.file();
            FlowDefinition flow = f.definition();
            v.fileKey(file, flow.key());
            if (v.flows.putIfAbsent(flow.key(), flow) != null) {
                v.add(Problems.FLOW_DUPLICATE_KEY, file, "/key", "Another flow file already has the key '"
                        + flow.key() + "'.");
            }
            if (flow.trigger() instanceof FlowTrigger.Webhook w && hooks.putIfAbsent(w.hook(), file) != null) {
                v.add(Problems.FLOW_HOOK_DUPLICATE, file, "/trigger/hook", "The flow in " + hooks.get(w.hook())
                        + " already listens on the hook '" + w.hook() + "'.");
            }
        }
        for (Sourced<FlowDefinition> f : flows) {
            v.flow(f.file(), f.definition());
        }
        return List.copyOf(v.problems);
    }

    private void flow(String file, FlowDefinition flow) {
        FormDefinition form = null;
        if (flow.form() != null) {
            form = forms.get(flow.form());
            if (form == null) {
                add(Problems.FLOW_UNKNOWN_FORM, file, "/form", "The app has no form '" + flow.form() + "'.");
            }
        } else if (flow.trigger().needsForm()) {
            add(Problems.FLOW_FORM_REQUIRED, file, "/trigger", "A " + flow.trigger().type() + " trigger is about a"
                    + " record: name the flow's form.");
        }
        FlowScope scope = new FlowScope(file, flow, form, app, problems);
        trigger(scope, flow.trigger());
        FlowNodeChecks checks = new FlowNodeChecks(scope, forms, templates, flows);
        Set<String> keys = new HashSet<>();
        BitSet duplicates = new BitSet();
        for (int i = 0; i < flow.nodes().size(); i++) {
            FlowNode node = flow.nodes().get(i);
            String at = "/nodes/" + i;
            if (!NODE_KEY.matcher(node.key()).matches()) {
                add(Problems.KEY_INVALID, file, at + "/key", "The node key '" + node.key() + "' must start with a"
                        + " lower-case letter and hold only letters, digits and _.");
            }
            if (!keys.add(node.key())) {
                duplicates.set(i);
                add(Problems.FLOW_NODE_DUPLICATE_KEY, file, at + "/key", "Another node already has the key '"
                        + node.key() + "'.");
            }
            for (FlowNode.Edge e : node.edges()) {
                if (scope.graph.indexOf(e.target()) < 0) {
                    add(Problems.FLOW_UNKNOWN_NODE, file, at + e.pointer(), "The flow has no node '" + e.target()
                            + "'.");
                }
            }
            checks.node(i, node);
        }
        graph(file, flow, scope.graph, duplicates);
    }

    private void trigger(FlowScope scope, FlowTrigger trigger) {
        if (trigger.condition() != null) {
            scope.expression("/trigger/condition", trigger.condition(), -1);
        }
        switch (trigger) {
            case FlowTrigger.Schedule s -> FlowValues.cronProblem(s.cron()).ifPresent(m -> scope.add(
                    Problems.FLOW_CRON_INVALID, "/trigger/cron", m));
            case FlowTrigger.RelativeDate r -> {
                scope.dateField("/trigger/field", r.field());
                if (FlowValues.durationSign(r.offset()).isEmpty()) {
                    scope.add(Problems.FLOW_DURATION_INVALID, "/trigger/offset", "'" + r.offset() + "' is not an ISO"
                            + " 8601 duration such as P3D, PT12H or -P1D.");
                }
            }
            case FlowTrigger.Manual m -> {
                for (int j = 0; j < m.roles().size(); j++) {
                    if (!scope.isRole(m.roles().get(j))) {
                        scope.add(Problems.FLOW_UNKNOWN_ROLE, "/trigger/roles/" + j, "app.json has no role '"
                                + m.roles().get(j) + "'.");
                    }
                }
            }
            default -> {
                // record triggers: the condition only; webhook keys are checked across flows
            }
        }
    }

    private void graph(String file, FlowDefinition flow, FlowGraph graph, BitSet duplicates) {
        BitSet reachable = graph.reachableFromStart();
        for (int i = 0; i < flow.nodes().size(); i++) {
            FlowNode node = flow.nodes().get(i);
            if (duplicates.get(i)) {
                continue;
            }
            if (!reachable.get(i)) {
                add(Problems.FLOW_NODE_UNREACHABLE, file, "/nodes/" + i, "No path from the start node '"
                        + flow.start().key() + "' leads to '" + node.key() + "'.");
            } else if (node instanceof JoinNode) {
                join(file, flow, graph, i);
            }
        }
        for (List<Integer> cycle : graph.cycles()) {
            if (cycle.stream().noneMatch(i -> waits(flow.nodes().get(i)))) {
                FlowNode first = flow.nodes().get(cycle.getFirst());
                add(Problems.FLOW_CYCLE_WITHOUT_WAIT, file, "/nodes/" + cycle.getFirst(), "The nodes "
                        + cycle.stream().map(i -> flow.nodes().get(i).key()).toList() + " form a loop through '"
                        + first.key() + "' with no approval, task, delay or wait-until in it, so it would spin.");
            }
        }
        for (int i = 0; i < flow.nodes().size(); i++) {
            if (flow.nodes().get(i) instanceof SubflowNode s && callsBack(s.flow(), flow.key(), new HashSet<>())) {
                add(Problems.FLOW_SUBFLOW_INVALID, file, "/nodes/" + i + "/flow", "The flow '" + s.flow()
                        + "' leads back to '" + flow.key() + "', so the sub-flows would call each other forever.");
            }
        }
    }

    private void join(String file, FlowDefinition flow, FlowGraph graph, int i) {
        boolean split = graph.ancestors(i).stream().anyMatch(j -> flow.nodes().get(j) instanceof ParallelNode);
        if (!split || graph.predecessors(i).size() < 2) {
            add(Problems.FLOW_JOIN_WITHOUT_SPLIT, file, "/nodes/" + i, "The join '" + flow.nodes().get(i).key()
                    + "' waits for the branches of a parallel split, but " + (split
                            ? "only one path leads to it."
                            : "no parallel split comes before it."));
        }
    }

    /**
     * Whether a node stops the instance: an approval, task, delay, wait-until or a sub-flow that does.
     */
    private boolean waits(FlowNode node) {
        if (node instanceof SubflowNode s && flows.get(s.flow()) instanceof FlowDefinition called) {
            return called.nodes().stream().anyMatch(FlowNode::waits);
        }
        return node.waits();
    }

    /** Whether running {@code flowKey} can lead to running {@code target} through sub-flow nodes. */
    private boolean callsBack(String flowKey, String target, Set<String> seen) {
        if (flowKey.equals(target)) {
            return true;
        }
        FlowDefinition f = flows.get(flowKey);
        if (f == null || !seen.add(flowKey)) {
            return false;
        }
        return f.nodes().stream().anyMatch(n -> n instanceof SubflowNode s && callsBack(s.flow(), target, seen));
    }

    private void fileKey(String file, String key) {
        String expected = file.replaceFirst("^.*/", "").replaceFirst("\\.flow\\.json$", "");
        if (!FLOW_KEY.matcher(key).matches()) {
            add(Problems.KEY_INVALID, file, "/key", "The flow key '" + key + "' must start with a lower-case letter"
                    + " and hold only letters, digits, _ and -.");
        } else if (!key.equals(expected)) {
            add(Problems.FLOW_FILE_NAME_MISMATCH, file, "/key", "The flow key '" + key + "' must equal the file"
                    + " name '" + expected + "'.");
        }
    }

    private void add(String code, String file, String pointer, String message) {
        problems.add(new Problem(code, file, pointer, message));
    }
}
