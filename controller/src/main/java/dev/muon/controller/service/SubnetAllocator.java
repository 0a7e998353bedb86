package dev.muon.controller.service;

import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Addresses of one subnet: which are taken, and the next free one from its allocation pools.
 * Allocation takes the lowest free address, so an address freed by a deleted port is reused.
 * The gateway is never handed out automatically (pools exclude it), but a client may ask for it.
 *
 * <p>Built once per transaction (a bulk create shares one per subnet), from the ports of the
 * subnet's network only: a fixed IP is always on a subnet of its port's network. Addresses are
 * only ever taken during its life, so the lowest free address of each pool never moves down: a
 * cursor per pool makes consecutive allocations O(1) each instead of a scan from the pool start.
 */
final class SubnetAllocator {
    private final Cidr cidr;
    private final List<AddressRange> pools;
    /** Per pool, an address below which every pool address is used. */
    private final BigInteger[] cursors;
    /** Taken in the snapshot (shared, read only), and taken by this allocator. */
    private final Set<BigInteger> inSnapshot;
    private final Set<BigInteger> used = new HashSet<>();

    /** @param exceptPortId a port whose addresses count as free (the port being updated), or null */
    SubnetAllocator(NetworkModel model, Subnet subnet, String exceptPortId) {
        this(model.portsOf(subnet.networkId()), subnet, exceptPortId);
    }

    /** @param ports every port that may hold an address of {@code subnet} (at least its network's) */
    SubnetAllocator(Iterable<Port> ports, Subnet subnet, String exceptPortId) {
        this.cidr = Cidr.parse(subnet.cidr());
        this.pools = AllocationPools.ranges(subnet.allocationPools());
        this.cursors = pools.stream().map(AddressRange::first).toArray(BigInteger[]::new);
        this.inSnapshot = Set.of();
        for (Port port : ports) {
            if (port.id().equals(exceptPortId)) {
                continue;
            }
            for (FixedIp ip : port.fixedIps()) {
                if (ip.subnetId().equals(subnet.id())) {
                    used.add(IpAddresses.number(ip.ipAddress()));
                }
            }
        }
    }

    /**
     * Over the addresses {@code inSnapshot} holds (which it reads and never changes), starting
     * each pool at {@code cursors}: see {@link SubnetAddresses}.
     */
    SubnetAllocator(Cidr cidr, List<AddressRange> pools, BigInteger[] cursors, Set<BigInteger> inSnapshot) {
        this.cidr = cidr;
        this.pools = pools;
        this.cursors = cursors;
        this.inSnapshot = inSnapshot;
    }

    Cidr cidr() {
        return cidr;
    }

    boolean isUsed(BigInteger address) {
        return used.contains(address) || inSnapshot.contains(address);
    }

    /** Marks {@code address} taken, for the rest of this transaction. */
    void take(BigInteger address) {
        used.add(address);
    }

    /** The lowest free pool address, marked taken; empty when the pools are exhausted. */
    Optional<String> allocate() {
        for (int i = 0; i < pools.size(); i++) {
            BigInteger last = pools.get(i).last();
            BigInteger a = cursors[i];
            while (a.compareTo(last) <= 0 && isUsed(a)) {
                a = a.add(BigInteger.ONE);
            }
            if (a.compareTo(last) <= 0) {
                used.add(a);
                cursors[i] = a.add(BigInteger.ONE);
                return Optional.of(IpAddresses.format(a, cidr.version()));
            }
            cursors[i] = a;
        }
        return Optional.empty();
    }
}
