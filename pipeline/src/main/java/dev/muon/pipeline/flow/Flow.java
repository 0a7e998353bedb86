package dev.muon.pipeline.flow;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One OpenFlow rule: the unit the compiler produces and the reconciler diffs.
 * Two flows with the same {@link #key()} occupy the same slot in a switch.
 */
public record Flow(int table, int priority, long cookie, Match match, List<Action> actions) {

    public Flow {
        actions = List.copyOf(actions);
    }

    /** What identifies a flow inside a switch: (table, priority, match). */
    public record Key(int table, int priority, Match match) {
    }

    public Key key() {
        return new Key(table, priority, match);
    }

    /** As {@code ovs-ofctl dump-flows} shows it, less the counters. */
    public String toOfctl() {
        String m = match.toOfctl();
        return String.format("cookie=0x%x, table=%d, priority=%d%s actions=%s",
                cookie, table, priority, m.isEmpty() ? "" : "," + m, actionsText());
    }

    /** As {@code ovs-ofctl add-flows} reads it. */
    public String toAddFlowSpec() {
        String m = match.toOfctl();
        return String.format("table=%d,priority=%d,cookie=0x%x%s,actions=%s",
                table, priority, cookie, m.isEmpty() ? "" : "," + m, actionsText());
    }

    public String actionsText() {
        return actions.isEmpty() ? "drop" : actions.stream().map(Action::toOfctl).collect(Collectors.joining(","));
    }
}
