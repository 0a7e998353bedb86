package dev.muon.controller.service;

import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.Subnet;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The addresses of one subnet in use in one snapshot, and per allocation pool an address below
 * which the pool is full. Built once from the network's ports, then moved from a snapshot to a
 * later one by the ports that differ between them ({@link NetworkModel#forEachChangeSince}), so
 * that a port create does not read every address of its network again.
 */
final class SubnetAddresses {
    private final Subnet subnet;
    private final Cidr cidr;
    private final List<AddressRange> pools;
    private final Set<BigInteger> used = new HashSet<>();
    /** Per pool: every pool address below it is used. */
    private final BigInteger[] lowestFree;
    private NetworkModel basis;

    SubnetAddresses(NetworkModel model, Subnet subnet) {
        this.subnet = subnet;
        this.cidr = Cidr.parse(subnet.cidr());
        this.pools = AllocationPools.ranges(subnet.allocationPools());
        this.lowestFree = pools.stream().map(AddressRange::first).toArray(BigInteger[]::new);
        for (Port port : model.portsOf(subnet.networkId())) {
            port.fixedIps().forEach(this::add);
        }
        this.basis = model;
    }

    /** Whether this follows {@code s} (the very same record: an updated subnet may have other pools). */
    boolean follows(Subnet s) {
        return subnet == s;
    }

    /** Brings this to {@code model}: cheap when it was made from the last one by a few writes. */
    void moveTo(NetworkModel model) {
        if (model == basis) {
            return;
        }
        // Every release before any take: an address may pass from one port to another between the two.
        List<Port> added = new ArrayList<>();
        model.forEachChangeSince(basis, ResourceKind.PORT, (before, after) -> {
            if (before != null) {
                before.fixedIps().forEach(this::remove);
            }
            if (after != null) {
                added.add(after);
            }
        });
        added.forEach(p -> p.fixedIps().forEach(this::add));
        basis = model;
    }

    private void add(FixedIp ip) {
        if (ip.subnetId().equals(subnet.id())) {
            used.add(IpAddresses.number(ip.ipAddress()));
            for (int i = 0; i < lowestFree.length; i++) {
                while (lowestFree[i].compareTo(pools.get(i).last()) <= 0 && used.contains(lowestFree[i])) {
                    lowestFree[i] = lowestFree[i].add(BigInteger.ONE);
                }
            }
        }
    }

    private void remove(FixedIp ip) {
        if (ip.subnetId().equals(subnet.id())) {
            BigInteger address = IpAddresses.number(ip.ipAddress());
            used.remove(address);
            for (int i = 0; i < lowestFree.length; i++) {
                if (pools.get(i).contains(address) && address.compareTo(lowestFree[i]) < 0) {
                    lowestFree[i] = address;
                }
            }
        }
    }

    /**
     * An allocator for one transaction on the snapshot this is at: it reads these addresses and
     * keeps what it takes to itself, so a transaction that is refused leaves this unchanged. It
     * must be done with before this moves to another snapshot (transactions run one at a time).
     */
    SubnetAllocator allocator() {
        return new SubnetAllocator(cidr, pools, lowestFree.clone(), used);
    }
}
