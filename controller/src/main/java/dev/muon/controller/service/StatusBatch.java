package dev.muon.controller.service;

import dev.muon.pipeline.model.NetworkModel;
import java.util.List;
import java.util.function.Function;

/**
 * Everything one reconciliation pass found about what the dataplane now does: port bindings and
 * the statuses of trunks, routers and floating IPs, written in one durable transaction
 * ({@link NeutronNetworkService#write(StatusBatch)}) instead of one per port (issue 12: a store
 * write per binding was most of a bulk plug's time). {@code followUps} derives more bindings from
 * the model once these are applied (a router's interfaces follow its new status).
 */
public record StatusBatch(List<Binding> bindings, List<Status> trunks, List<Status> routers,
                          List<Status> floatingIps, Function<NetworkModel, List<Binding>> followUps) {

    /** A port plugged on {@code hostId} ({@code active}) or unplugged ({@code hostId} ""). */
    public record Binding(String portId, String hostId, boolean active) {
    }

    /** A resource's status as the dataplane backs it. */
    public record Status(String id, String status) {
    }

    public StatusBatch {
        bindings = List.copyOf(bindings);
        trunks = List.copyOf(trunks);
        routers = List.copyOf(routers);
        floatingIps = List.copyOf(floatingIps);
    }
}
