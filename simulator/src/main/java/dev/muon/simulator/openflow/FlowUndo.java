package dev.muon.simulator.openflow;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a run of flow-mods replaced, newest first, so an atomic bundle that fails half-way is
 * undone exactly (no copy of a 100k-flow table per bundle).
 */
final class FlowUndo {
    /** {@code key}: the entry's identity; {@code before}: what it replaced or removed, null if nothing. */
    private record Change(FlowEntry key, FlowEntry before) {
    }

    private final Deque<Change> changes = new ArrayDeque<>();

    void record(FlowEntry key, FlowEntry before) {
        changes.push(new Change(key, before));
    }

    void rollback(FlowTable table) {
        while (!changes.isEmpty()) {
            Change c = changes.pop();
            if (c.before() == null) {
                table.remove(c.key(), null);
            } else {
                table.put(c.before(), null);
            }
        }
    }
}
