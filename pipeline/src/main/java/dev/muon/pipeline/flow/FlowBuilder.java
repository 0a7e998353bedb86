package dev.muon.pipeline.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Builds a {@link Flow} for one {@link PipelineTable}, checking the match against it. Every
 * flow must name its owner (the cookie of the logical object it was computed for): a
 * forgotten owner is refused at build time rather than passing as "the pipeline".
 */
public final class FlowBuilder {
    private final PipelineTable table;
    private final int priority;
    private Long cookie;
    private Match match = Match.ANY;
    private final List<Action> actions = new ArrayList<>();

    FlowBuilder(PipelineTable table, int priority) {
        this.table = table;
        this.priority = priority;
    }

    public FlowBuilder cookie(long c) {
        cookie = c;
        return this;
    }

    public FlowBuilder match(UnaryOperator<Match.Builder> m) {
        match = m.apply(Match.builder()).build();
        return this;
    }

    public FlowBuilder actions(Action... as) {
        actions.addAll(List.of(as));
        return this;
    }

    public FlowBuilder action(Action a) {
        actions.add(a);
        return this;
    }

    /** An empty action list: drop. */
    public Flow drop() {
        actions.clear();
        return build();
    }

    public Flow build() {
        if (cookie == null) {
            throw new IllegalStateException(table + " (table " + table.number()
                    + "): a flow needs an owner; set its cookie");
        }
        table.check(match);
        table.checkActions(match, actions);
        return new Flow(table.number(), priority, cookie, match, actions);
    }
}
