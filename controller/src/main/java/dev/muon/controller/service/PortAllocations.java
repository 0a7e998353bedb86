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
 * linear: the set of MACs in use and the allocator of each subnet are built once, from the
 * snapshot the transaction started with, and then kept up to date with every port the
 * transaction creates, instead of being rebuilt from the model for every port. Each is built on
 * first use, from the ports the rules need: every port for generated MACs (unique across the
 * cloud), the network's ports for a client's MAC (unique per network, as Neutron) and for IPs.
 */
final class PortAllocations {
    private final NetworkModel model;
    /** Ports created in this transaction, not in {@link #model}. */
    private final List<Port> created = new ArrayList<>();
    private Set<String> macs;
    private final Map<String, Set<String>> macsByNetwork = new HashMap<>();
    private final Map<String, SubnetAllocator> subnets = new HashMap<>();
    private final Map<String, List<Subnet>> subnetsByNetwork = new HashMap<>();

    /** @param model the snapshot the transaction's creates start from; they must not add ports to it */
    PortAllocations(NetworkModel model) {
        this.model = model;
    }

    /** Whether any port of the cloud has {@code mac}. */
    boolean macTaken(String mac) {
        if (macs == null) {
            macs = new HashSet<>();
            model.ports().values().forEach(p -> macs.add(p.macAddress()));
            created.forEach(p -> macs.add(p.macAddress()));
        }
        return macs.contains(mac);
    }

    /** Whether a port of network {@code networkId} has {@code mac}. */
    boolean macTakenOn(String networkId, String mac) {
        return macsOf(networkId).contains(mac);
    }

    private Set<String> macsOf(String networkId) {
        return macsByNetwork.computeIfAbsent(networkId, n -> {
            Set<String> set = new HashSet<>();
            model.portsOf(n).forEach(p -> set.add(p.macAddress()));
            created.stream().filter(p -> p.networkId().equals(n)).forEach(p -> set.add(p.macAddress()));
            return set;
        });
    }

    /** The allocator of {@code subnet} for this transaction; addresses it hands out stay taken. */
    SubnetAllocator allocator(Subnet subnet) {
        return subnets.computeIfAbsent(subnet.id(), id -> {
            List<Port> ports = new ArrayList<>(model.portsOf(subnet.networkId()));
            ports.addAll(created);
            return new SubnetAllocator(ports, subnet, null);
        });
    }

    /** {@link Ipam#subnetsInOrder}, once per network: creating ports adds no subnet. */
    List<Subnet> subnetsInOrder(String networkId) {
        return subnetsByNetwork.computeIfAbsent(networkId, n -> Ipam.subnetsInOrder(model, n));
    }

    /** Records a port created in this transaction: its MAC and addresses are taken from now on. */
    void add(Port port) {
        created.add(port);
        if (macs != null) {
            macs.add(port.macAddress());
        }
        Set<String> ofNetwork = macsByNetwork.get(port.networkId());
        if (ofNetwork != null) {
            ofNetwork.add(port.macAddress());
        }
        for (FixedIp ip : port.fixedIps()) {
            SubnetAllocator allocator = subnets.get(ip.subnetId());
            if (allocator != null) {
                allocator.take(IpAddresses.toNumber(IpAddresses.parse(ip.ipAddress())));
            }
        }
    }
}
