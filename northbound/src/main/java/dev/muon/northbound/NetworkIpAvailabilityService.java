package dev.muon.northbound;

import java.util.List;

/**
 * Neutron's network-ip-availability extension: per network and per subnet, how many addresses
 * the allocation pools hold and how many are allocated. Admin only, as Neutron's default policy.
 */
public interface NetworkIpAvailabilityService {

    /**
     * Every network, or those of the given IP versions only (then with just the subnets of those
     * versions, and only networks that have one). A caller who may not see them gets an empty list.
     */
    List<NetworkIpAvailability> list(RequestContext ctx, List<Integer> ipVersions);

    /** @throws NeutronException 404 when the network does not exist or the caller may not see it */
    NetworkIpAvailability get(RequestContext ctx, String networkId);
}
