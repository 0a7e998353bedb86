package dev.muon.controller.service;

import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.Trunk;
import java.time.Instant;

/**
 * Writes the status the dataplane shows for a trunk (ACTIVE, DEGRADED, DOWN) into the model,
 * stamped as any change (updated_at, revision_number), as Neutron's trunk driver reports it.
 */
final class TrunkStatusUpdates extends StatusUpdates<Trunk> {

    TrunkStatusUpdates() {
        super(ResourceKind.TRUNK);
    }

    @Override
    String statusOf(Trunk t) {
        return t.status();
    }

    @Override
    Trunk withStatus(Trunk t, String status, Instant now) {
        return new Trunk(t.id(), t.name(), t.description(), t.projectId(), t.portId(), t.adminStateUp(),
                status, t.subPorts(), t.tags(), t.createdAt(), t.updatedAt(), t.revisionNumber()).revised(now);
    }
}
