package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.controller.store.Transaction.Result;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.Router;
import java.time.Clock;
import java.time.Instant;

/**
 * Writes the status the dataplane shows for a router (ACTIVE once its flows are on every node
 * that routes for it, DOWN when administratively down) into the model, stamped as any change.
 */
public final class RouterStatusUpdates {
    private final ModelStore store;
    private final Clock clock;

    public RouterStatusUpdates(ModelStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Does nothing when the router already has that status or no longer exists. */
    public void set(String routerId, String status) {
        store.write(m -> apply(m, routerId, status, clock.instant()));
    }

    static Result<Void> apply(NetworkModel model, String routerId, String status, Instant now) {
        Router r = model.get(ResourceKind.ROUTER, routerId).orElse(null);
        if (r == null || r.status().equals(status)) {
            return Result.unchanged(model, null);
        }
        Router updated = new Router(r.id(), r.name(), r.description(), r.projectId(), r.adminStateUp(), status,
                r.gateway(), r.distributed(), r.ha(), r.routes(), r.tags(), r.createdAt(), r.updatedAt(),
                r.revisionNumber()).revised(now);
        return Result.of(model.with(ResourceKind.ROUTER, updated), null);
    }
}
