package dev.muon.controller.service;

import dev.muon.northbound.Excerpt;
import dev.muon.pipeline.model.AllocationPool;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The default gateway and allocation pools of a subnet, and the checks on pools a client gives. */
final class AllocationPools {
    private AllocationPools() {
    }

    /** The first host address, Neutron's default gateway; null when the network has no host addresses. */
    static String defaultGateway(Cidr cidr) {
        BigInteger first = cidr.firstHost();
        return first.compareTo(cidr.lastHost()) <= 0 ? IpAddresses.format(first, cidr.version()) : null;
    }

    /** Every host address of the network except the gateway, as the fewest ranges. */
    static List<AllocationPool> defaults(Cidr cidr, String gatewayIp) {
        BigInteger first = cidr.firstHost();
        BigInteger last = cidr.lastHost();
        List<AllocationPool> pools = new ArrayList<>();
        if (first.compareTo(last) > 0) {
            return pools;
        }
        BigInteger gateway = gatewayIp == null ? null : IpAddresses.toNumber(IpAddresses.parse(gatewayIp));
        if (gateway == null || gateway.compareTo(first) < 0 || gateway.compareTo(last) > 0) {
            pools.add(new AddressRange(cidr.version(), first, last).toPool());
            return pools;
        }
        if (gateway.compareTo(first) > 0) {
            pools.add(new AddressRange(cidr.version(), first, gateway.subtract(BigInteger.ONE)).toPool());
        }
        if (gateway.compareTo(last) < 0) {
            pools.add(new AddressRange(cidr.version(), gateway.add(BigInteger.ONE), last).toPool());
        }
        return pools;
    }

    /**
     * Checks pools a client gave and returns them in canonical address form, in the order given:
     * each a valid range of host addresses of {@code cidr}, none overlapping another, none holding
     * the gateway. Overlaps are found among the pools sorted by first address, each against the
     * one before: O(n log n), as a client may send tens of thousands under the store's write lock.
     */
    static List<AllocationPool> validate(Cidr cidr, List<AllocationPool> pools, String gatewayIp) {
        List<AddressRange> ranges = new ArrayList<>(pools.size());
        for (AllocationPool pool : pools) {
            String text = Excerpt.of(pool.start()) + "-" + Excerpt.of(pool.end());
            if (!IpAddresses.isAddress(pool.start()) || !IpAddresses.isAddress(pool.end())) {
                throw ServiceErrors.invalidAllocationPool(text);
            }
            AddressRange range = AddressRange.of(pool);
            int endVersion = IpAddresses.version(IpAddresses.parse(pool.end()));
            if (range.version() != endVersion || range.first().compareTo(range.last()) > 0) {
                throw ServiceErrors.invalidAllocationPool(text);
            }
            if (range.version() != cidr.version() || !cidr.isHostAddress(range.first())
                    || !cidr.isHostAddress(range.last())) {
                throw ServiceErrors.outOfBoundsAllocationPool(range.toString(), cidr.toString());
            }
            ranges.add(range);
        }
        List<AddressRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing(AddressRange::first));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i - 1).overlaps(sorted.get(i))) {
                throw ServiceErrors.overlappingAllocationPools(sorted.get(i - 1).toString(), sorted.get(i).toString(),
                        cidr.toString());
            }
        }
        checkGatewayOutside(ranges, gatewayIp);
        return ranges.stream().map(AddressRange::toPool).toList();
    }

    /** A gateway inside a pool could be handed to a VM. */
    static void checkGatewayOutside(List<AddressRange> ranges, String gatewayIp) {
        if (gatewayIp == null) {
            return;
        }
        BigInteger gateway = IpAddresses.toNumber(IpAddresses.parse(gatewayIp));
        for (AddressRange range : ranges) {
            if (range.contains(gateway)) {
                throw ServiceErrors.gatewayConflictsWithPool(gatewayIp, range.toString());
            }
        }
    }

    static List<AddressRange> ranges(List<AllocationPool> pools) {
        return pools.stream().map(AddressRange::of).toList();
    }
}
