package dev.muon.pipeline.flow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Diffs what a switch holds against what is desired, by (table, priority, match).
 * A flow whose actions or cookie differ is replaced in place; nothing that is already
 * right is touched, so reconnects and restarts never drop traffic.
 */
public final class FlowDiff {
    private FlowDiff() {
    }

    public static FlowChanges between(Collection<Flow> actual, Collection<Flow> desired) {
        // Flows held as the very objects desired (fragments the compiler reused) are settled by
        // identity, which is cheap to hash; only the rest are indexed by their match.
        Set<Flow> held = identitySet(actual);
        Set<Flow> wanted = identitySet(desired);
        Map<Flow.Key, Flow> have = index(actual, wanted);
        Map<Flow.Key, Flow> want = index(desired, held);
        List<Flow> upserts = new ArrayList<>();
        List<Flow> deletes = new ArrayList<>();
        for (Flow w : want.values()) {
            Flow h = have.get(w.key());
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

    /** The flows, by key, that are not among {@code settled} (the same objects on the other side). */
    private static Map<Flow.Key, Flow> index(Collection<Flow> flows, Set<Flow> settled) {
        Map<Flow.Key, Flow> m = new LinkedHashMap<>();
        for (Flow f : flows) {
            if (!settled.contains(f)) {
                m.put(f.key(), f);
            }
        }
        return m;
    }

    private static Set<Flow> identitySet(Collection<Flow> flows) {
        Set<Flow> s = Collections.newSetFromMap(new IdentityHashMap<>(flows.size()));
        s.addAll(flows);
        return s;
    }
}
