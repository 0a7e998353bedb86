package dev.muon.northbound;

import dev.muon.pipeline.model.AddressGroup;

import java.util.List;

/** Address groups: the collection plus Neutron's member actions on /v2.0/address-groups/{id}/... */
public interface AddressGroupService extends ResourceService<AddressGroup, AddressGroupRequest> {

    /** PUT add_addresses: all of {@code addresses} are added, or (one is there already, or invalid) none. */
    AddressGroup addAddresses(RequestContext ctx, String addressGroupId, List<String> addresses);

    /** PUT remove_addresses: each of {@code addresses} must be in the group; all are removed or none. */
    AddressGroup removeAddresses(RequestContext ctx, String addressGroupId, List<String> addresses);
}
