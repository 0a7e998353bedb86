package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.northbound.AddressGroupRequest;
import dev.muon.northbound.AddressGroupService;
import dev.muon.northbound.RequestContext;
import dev.muon.pipeline.model.AddressGroup;
import dev.muon.pipeline.model.NetworkModel;

import java.util.List;

/**
 * The address groups collection and its member actions, each one transaction. A project a group
 * is only shared with gets 404 for any change, as from Neutron (its policy check on a group it
 * does not own answers as if the group did not exist).
 */
final class AddressGroupResources extends StoredResources<AddressGroup, AddressGroup, AddressGroupRequest>
        implements AddressGroupService {
    private final AddressGroupOperations operations;

    AddressGroupResources(ModelStore store, AddressGroupOperations operations) {
        super(store, AddressGroupOperations.RULES, operations, (m, g) -> g);
        this.operations = operations;
    }

    @Override
    public AddressGroup update(RequestContext ctx, String id, AddressGroupRequest changes) {
        ownedOrNotFound(store.snapshot(), ctx, id);
        return super.update(ctx, id, changes);
    }

    @Override
    public void delete(RequestContext ctx, String id) {
        ownedOrNotFound(store.snapshot(), ctx, id);
        super.delete(ctx, id);
    }

    @Override
    public AddressGroup addAddresses(RequestContext ctx, String addressGroupId, List<String> addresses) {
        return ModelWrites.write(store, m -> operations.addAddresses(m,
                changeable(m, ctx, addressGroupId, "add_addresses"), addresses));
    }

    @Override
    public AddressGroup removeAddresses(RequestContext ctx, String addressGroupId, List<String> addresses) {
        return ModelWrites.write(store, m -> operations.removeAddresses(m,
                changeable(m, ctx, addressGroupId, "remove_addresses"), addresses));
    }

    private AddressGroup changeable(NetworkModel m, RequestContext ctx, String id, String action) {
        ownedOrNotFound(m, ctx, id);
        return rules.findChangeable(m, ctx, id, action);
    }

    /** A group the caller only sees through a policy is, for a change, not found. */
    private void ownedOrNotFound(NetworkModel m, RequestContext ctx, String id) {
        AddressGroup g = rules.find(m, ctx, id);
        if (!ctx.owns(g.projectId())) {
            throw AddressGroupOperations.notFound(id);
        }
    }
}
