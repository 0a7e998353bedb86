package dev.muon.pipeline.flow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Diffs what a switch holds against what is desired, by (table, priority, match).
 * A flow whose actions or cookie differ is replaced in place; nothing that is already
 * right is touched, so reconnects and restarts never drop traffic.
 */
public final class FlowDiff {
    private FlowDiff() {
    }

    public static FlowChanges between(Collection<Flow> actual, Collection<Flow> desired) {
        Map<Flow.Key, Flow> have = index(actual);
        Map<Flow.Key, Flow> want = index(desired);
        List<Flow> upserts = new ArrayList<>();
        List<Flow> deletes = new ArrayList<>();
        for (Flow w : want.values()) {
            Flow h = have.get(w.key());
            if (h == w) {
                continue;   // the very flow held (a fragment the compiler reused): nothing to compare
            }
            if (h == null || h.cookie() != w.cookie() || !h.actions().equals(w.actions())) {
                upserts.add(w);
            }
        }
        for (Flow h : have.values()) {
            if (!want.containsKey(h.key())) {
                deletes.add(h);
            }
        }
        return new FlowChanges(upserts, deletes);
    }

    private static Map<Flow.Key, Flow> index(Collection<Flow> flows) {
        Map<Flow.Key, Flow> m = new LinkedHashMap<>();
        for (Flow f : flows) {
            m.put(f.key(), f);
        }
        return m;
    }
}
