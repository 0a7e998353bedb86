package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.northbound.RequestContext;
import dev.muon.northbound.SubPortRequest;
import dev.muon.northbound.TrunkRequest;
import dev.muon.northbound.TrunkService;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.SubPort;
import dev.muon.pipeline.model.Trunk;

import java.util.List;

/** The trunks collection and its member actions, each one transaction. */
final class TrunkResources extends StoredResources<Trunk, Trunk, TrunkRequest> implements TrunkService {
    private final TrunkOperations operations;

    TrunkResources(ModelStore store, TrunkOperations operations) {
        super(store, Policies.TRUNKS, operations, (m, t) -> t);
        this.operations = operations;
    }

    @Override
    public Trunk addSubPorts(RequestContext ctx, String trunkId, List<SubPortRequest> subPorts) {
        return ModelWrites.write(store, m -> operations.addSubPorts(m, ctx,
                rules.findChangeable(m, ctx, trunkId, "add_subports"), subPorts));
    }

    @Override
    public Trunk removeSubPorts(RequestContext ctx, String trunkId, List<SubPortRequest> subPorts) {
        return ModelWrites.write(store, m -> operations.removeSubPorts(m,
                rules.findChangeable(m, ctx, trunkId, "remove_subports"), subPorts));
    }

    @Override
    public List<SubPort> subPorts(RequestContext ctx, String trunkId) {
        NetworkModel m = store.snapshot();
        return rules.find(m, ctx, trunkId).subPorts();
    }
}
