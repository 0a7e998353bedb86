package dev.muon.controller;

import dev.muon.controller.reconcile.PassStatuses;
import dev.muon.controller.reconcile.RouterStatuses;
import dev.muon.controller.service.StatusBatch;

/** A reconciliation pass's findings as the one write the service makes of them. */
final class StatusBatches {
    private StatusBatches() {
    }

    static StatusBatch of(PassStatuses s) {
        return new StatusBatch(
                s.bindings().stream().map(b -> new StatusBatch.Binding(b.portId(), b.hostId(), b.active())).toList(),
                s.trunks().stream().map(t -> new StatusBatch.Status(t.trunkId(), t.status())).toList(),
                s.routers().stream().map(r -> new StatusBatch.Status(r.routerId(), r.status())).toList(),
                s.floatingIps().stream().map(f -> new StatusBatch.Status(f.floatingIpId(), f.status())).toList(),
                // a router's interfaces follow its status as the model has it once these are applied
                m -> RouterStatuses.interfaceChanges(m).stream()
                        .map(c -> new StatusBatch.Binding(c.portId(), "", c.active())).toList());
    }
}
