package dev.muon.pipeline.flow;

import java.util.List;

/**
 * What to send a switch to turn what it has into what is desired. {@code upserts} are
 * sent as OFPFC_ADD (which replaces a flow with the same key); {@code deletes} as
 * OFPFC_DELETE_STRICT. All of it goes in one bundle.
 */
public record FlowChanges(List<Flow> upserts, List<Flow> deletes) {
    public static final FlowChanges NONE = new FlowChanges(List.of(), List.of());

    public FlowChanges {
        upserts = List.copyOf(upserts);
        deletes = List.copyOf(deletes);
    }

    public boolean isEmpty() {
        return upserts.isEmpty() && deletes.isEmpty();
    }

    public int size() {
        return upserts.size() + deletes.size();
    }
}
