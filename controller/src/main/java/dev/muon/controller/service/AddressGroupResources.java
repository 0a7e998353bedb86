package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.northbound.AddressGroupRequest;
import dev.muon.northbound.AddressGroupService;
import dev.muon.northbound.RequestContext;
import dev.muon.pipeline.model.AddressGroup;

import java.util.List;

/** The address groups collection and its member actions, each one transaction. */
final class AddressGroupResources extends StoredResources<AddressGroup, AddressGroup, AddressGroupRequest>
        implements AddressGroupService {
    private final AddressGroupOperations operations;

    AddressGroupResources(ModelStore store, AddressGroupOperations operations) {
        super(store, AddressGroupOperations.RULES, operations, (m, g) -> g);
        this.operations = operations;
    }

    @Override
    public AddressGroup addAddresses(RequestContext ctx, String addressGroupId, List<String> addresses) {
        return ModelWrites.write(store, m -> operations.addAddresses(m,
                rules.findChangeable(m, ctx, addressGroupId, "add_addresses"), addresses));
    }

    @Override
    public AddressGroup removeAddresses(RequestContext ctx, String addressGroupId, List<String> addresses) {
        return ModelWrites.write(store, m -> operations.removeAddresses(m,
                rules.findChangeable(m, ctx, addressGroupId, "remove_addresses"), addresses));
    }
}
