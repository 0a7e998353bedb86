package dev.muon.pipeline.flow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Diffs a bridge's meters against the desired ones by id, as {@link FlowDiff} does flows. */
public final class MeterDiff {
    private MeterDiff() {
    }

    public static MeterChanges between(Collection<Meter> actual, Collection<Meter> desired) {
        Map<Long, Meter> have = new HashMap<>();
        actual.forEach(m -> have.put(m.id(), m));
        List<Meter> adds = new ArrayList<>();
        List<Meter> modifies = new ArrayList<>();
        for (Meter w : desired) {
            Meter h = have.remove(w.id());
            if (h == null) {
                adds.add(w);
            } else if (!h.equals(w)) {
                modifies.add(w);
            }
        }
        return new MeterChanges(adds, modifies, new ArrayList<>(have.values()));
    }
}
