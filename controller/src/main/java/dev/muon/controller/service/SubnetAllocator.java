package dev.muon.controller.service;

import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Addresses of one subnet: which are taken, and the next free one from its allocation pools.
 * Allocation takes the lowest free address, so an address freed by a deleted port is reused.
 * The gateway is never handed out automatically (pools exclude it), but a client may ask for it.
 */
final class SubnetAllocator {
    private final Subnet subnet;
    private final Cidr cidr;
    private final Set<BigInteger> used = new HashSet<>();

    /** @param exceptPortId a port whose addresses count as free (the port being updated), or null */
    SubnetAllocator(NetworkModel model, Subnet subnet, String exceptPortId) {
        this.subnet = subnet;
        this.cidr = Cidr.parse(subnet.cidr());
        for (Port port : model.ports().values()) {
            if (port.id().equals(exceptPortId)) {
                continue;
            }
            for (FixedIp ip : port.fixedIps()) {
                if (ip.subnetId().equals(subnet.id())) {
                    used.add(IpAddresses.toNumber(IpAddresses.parse(ip.ipAddress())));
                }
            }
        }
    }

    Cidr cidr() {
        return cidr;
    }

    boolean isUsed(BigInteger address) {
        return used.contains(address);
    }

    /** Marks {@code address} taken, for the rest of this transaction. */
    void take(BigInteger address) {
        used.add(address);
    }

    /** The lowest free pool address, marked taken; empty when the pools are exhausted. */
    Optional<String> allocate() {
        for (AddressRange range : AllocationPools.ranges(subnet.allocationPools())) {
            // Bounded by the number of used addresses: each step skips one.
            for (BigInteger a = range.first(); a.compareTo(range.last()) <= 0; a = a.add(BigInteger.ONE)) {
                if (!used.contains(a)) {
                    used.add(a);
                    return Optional.of(IpAddresses.format(a, cidr.version()));
                }
            }
        }
        return Optional.empty();
    }
}
