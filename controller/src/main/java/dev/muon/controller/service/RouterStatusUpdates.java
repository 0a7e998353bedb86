package dev.muon.controller.service;

import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.Router;
import java.time.Instant;

/**
 * Writes the status the dataplane shows for a router (ACTIVE once its flows are on every node
 * that routes for it, DOWN when administratively down) into the model, stamped as any change.
 */
final class RouterStatusUpdates extends StatusUpdates<Router> {

    RouterStatusUpdates() {
        super(ResourceKind.ROUTER);
    }

    @Override
    String statusOf(Router r) {
        return r.status();
    }

    @Override
    Router withStatus(Router r, String status, Instant now) {
        return new Router(r.id(), r.name(), r.description(), r.projectId(), r.adminStateUp(), status,
                r.gateway(), r.distributed(), r.ha(), r.routes(), r.tags(), r.createdAt(), r.updatedAt(),
                r.revisionNumber(), r.availabilityZoneHints()).revised(now);
    }
}
