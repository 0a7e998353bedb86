package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.controller.store.Transaction.Result;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.Trunk;
import java.time.Clock;
import java.time.Instant;

/**
 * Writes the status the dataplane shows for a trunk (ACTIVE, DEGRADED, DOWN) into the model,
 * stamped as any change (updated_at, revision_number), as Neutron's trunk driver reports it.
 */
public final class TrunkStatusUpdates {
    private final ModelStore store;
    private final Clock clock;

    public TrunkStatusUpdates(ModelStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Does nothing when the trunk already has that status or no longer exists. */
    public void set(String trunkId, String status) {
        store.write(m -> apply(m, trunkId, status, clock.instant()));
    }

    static Result<Void> apply(NetworkModel model, String trunkId, String status, Instant now) {
        Trunk t = model.get(ResourceKind.TRUNK, trunkId).orElse(null);
        if (t == null || t.status().equals(status)) {
            return Result.unchanged(model, null);
        }
        Trunk updated = new Trunk(t.id(), t.name(), t.description(), t.projectId(), t.portId(), t.adminStateUp(),
                status, t.subPorts(), t.tags(), t.createdAt(), t.updatedAt(), t.revisionNumber()).revised(now);
        return Result.of(model.with(ResourceKind.TRUNK, updated), null);
    }
}
