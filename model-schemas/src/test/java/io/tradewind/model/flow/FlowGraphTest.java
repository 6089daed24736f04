package io.tradewind.model.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class FlowGraphTest {

    private static FlowNode delay(String key, String next) {
        return new DelayNode(key, null, "P1D", next);
    }

    private static FlowDefinition flow(FlowNode... nodes) {
        return new FlowDefinition("f", io.tradewind.model.I18nText.en("F"), null, "deal",
                new FlowTrigger.RecordCreated(null), List.of(nodes));
    }

    @Test
    void reachabilityStartsAtTheFirstNodeAndIgnoresUnknownTargets() {
        FlowGraph g = FlowGraph.of(flow(delay("a", "b"), delay("b", "nowhere"), delay("c", "b"),
                new EndNode("d", null, null)));
        assertThat(g.reachableFromStart().stream().boxed().toList()).containsExactly(0, 1);
        assertThat(g.successors(1)).isEmpty();
        assertThat(g.predecessors(1)).containsExactly(0, 2);
        assertThat(g.indexOf("nowhere")).isEqualTo(-1);
    }

    @Test
    void cyclesAreStronglyConnectedComponentsAndSelfLoops() {
        FlowGraph g = FlowGraph.of(flow(delay("a", "b"), delay("b", "c"), delay("c", "a"), delay("d", "d"),
                new ConditionNode("e", null, List.of(new ConditionNode.Branch(null, "true", "f")), "g"),
                delay("f", "e"), new EndNode("g", null, null)));
        assertThat(g.cycles()).containsExactly(List.of(0, 1, 2), List.of(3), List.of(4, 5));
        assertThat(g.ancestors(0).stream().boxed().toList()).containsExactly(0, 1, 2);
        assertThat(g.ancestors(6).stream().boxed().toList()).containsExactly(4, 5);
    }

    @Test
    void recordsCopyTheirListsAndApplyDefaults() {
        var branches = new java.util.ArrayList<>(List.of("a", "b"));
        ParallelNode p = new ParallelNode("p", null, branches);
        branches.add("c");
        assertThat(p.branches()).containsExactly("a", "b");
        ApprovalNode a = new ApprovalNode("x", null, ApprovalNode.Mode.ANY_OF, null, null, null, null, null, null,
                null, null, false, null, "y", null);
        assertThat(a.actions()).containsExactly(ApprovalNode.Action.APPROVE, ApprovalNode.Action.REJECT);
        assertThat(a.comment()).isEqualTo(ApprovalNode.Comments.OPTIONAL);
        assertThat(a.assignees()).isEmpty();
        assertThat(new Assignment.Manager(null, null)).isEqualTo(new Assignment.Manager("submitter", 1));
        assertThat(new EndNode("e", null, null).outcome()).isEqualTo(EndNode.Outcome.COMPLETED);
    }
}
