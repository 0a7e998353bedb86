package dev.muon.controller.service;

import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Subnet;

import java.util.HashMap;
import java.util.Map;

/**
 * The addresses in use per subnet, kept between transactions ({@link SubnetAddresses}): each
 * port create starts from the last one's instead of reading its network's ports again. Only
 * ever a cache: what it answers for a snapshot is what that snapshot's ports hold.
 */
final class AddressBook {
    private final Map<String, SubnetAddresses> subnets = new HashMap<>();

    /** An allocator of {@code subnet} for a transaction on {@code model}. */
    synchronized SubnetAllocator allocator(NetworkModel model, Subnet subnet) {
        SubnetAddresses addresses = subnets.get(subnet.id());
        if (addresses == null || !addresses.follows(subnet)) {
            if (subnets.size() > 2 * model.subnets().size()) {
                subnets.keySet().retainAll(model.subnets().keySet());   // forget deleted subnets
            }
            addresses = new SubnetAddresses(model, subnet);
            subnets.put(subnet.id(), addresses);
        } else {
            addresses.moveTo(model);
        }
        return addresses.allocator();
    }
}
