package dev.muon.controller.service;

import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MACs and addresses taken within one transaction's port creates, so that a bulk create is
 * linear: the allocator of each subnet is built once, from the snapshot the transaction started
 * with, and then kept up to date with every port the transaction creates, instead of being
 * rebuilt from the model for every port; it is built on first use, from the network's ports. MACs
 * are looked up in the snapshot's index of ports by MAC (generated MACs are unique across the
 * cloud, a client's unique per network, as Neutron) and among the ports created so far.
 */
final class PortAllocations {
    private final NetworkModel model;
    /** Ports created in this transaction, not in {@link #model}. */
    private final List<Port> created = new ArrayList<>();
    /** MACs of {@link #created}, and the networks each is on. */
    private final Map<String, Set<String>> createdMacs = new HashMap<>();
    private final Map<String, SubnetAllocator> subnets = new HashMap<>();
    private final Map<String, List<Subnet>> subnetsByNetwork = new HashMap<>();

    private final AddressBook book;

    /**
     * @param model the snapshot the transaction's creates start from; they must not add ports to it
     * @param book  where the subnets' addresses in use are kept between transactions
     */
    PortAllocations(NetworkModel model, AddressBook book) {
        this.model = model;
        this.book = book;
    }

    /** Whether any port of the cloud has {@code mac}. */
    boolean macTaken(String mac) {
        return !model.portsWithMac(mac).isEmpty() || createdMacs.containsKey(mac);
    }

    /** Whether a port of network {@code networkId} has {@code mac}. */
    boolean macTakenOn(String networkId, String mac) {
        return model.portsWithMac(mac).stream().anyMatch(p -> p.networkId().equals(networkId))
                || createdMacs.getOrDefault(mac, Set.of()).contains(networkId);
    }

    /** The allocator of {@code subnet} for this transaction; addresses it hands out stay taken. */
    SubnetAllocator allocator(Subnet subnet) {
        return subnets.computeIfAbsent(subnet.id(), id -> {
            SubnetAllocator allocator = book.allocator(model, subnet);
            created.forEach(p -> p.fixedIps().stream().filter(ip -> ip.subnetId().equals(id))
                    .forEach(ip -> allocator.take(IpAddresses.number(ip.ipAddress()))));
            return allocator;
        });
    }

    /** {@link Ipam#subnetsInOrder}, once per network: creating ports adds no subnet. */
    List<Subnet> subnetsInOrder(String networkId) {
        return subnetsByNetwork.computeIfAbsent(networkId, n -> Ipam.subnetsInOrder(model, n));
    }

    /** Records a port created in this transaction: its MAC and addresses are taken from now on. */
    void add(Port port) {
        created.add(port);
        createdMacs.computeIfAbsent(port.macAddress(), m -> new HashSet<>()).add(port.networkId());
        for (FixedIp ip : port.fixedIps()) {
            SubnetAllocator allocator = subnets.get(ip.subnetId());
            if (allocator != null) {
                allocator.take(IpAddresses.number(ip.ipAddress()));
            }
        }
    }
}
