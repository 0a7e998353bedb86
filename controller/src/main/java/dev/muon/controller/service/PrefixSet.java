package dev.muon.controller.service;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A set of addresses of one IP version as sorted, disjoint ranges: what a subnet pool's
 * prefixes cover, minus what its subnets took. Read back as the fewest CIDR blocks, which is
 * how Neutron compacts a pool's prefixes and finds room for a new subnet.
 */
final class PrefixSet {
    private final int version;
    /** Sorted, disjoint, non-adjacent [first, last] pairs. */
    private final List<BigInteger[]> ranges;

    private PrefixSet(int version, List<BigInteger[]> ranges) {
        this.version = version;
        this.ranges = ranges;
    }

    static PrefixSet of(int version, List<Cidr> cidrs) {
        List<BigInteger[]> sorted = new ArrayList<>();
        for (Cidr c : cidrs) {
            sorted.add(new BigInteger[] {c.first(), c.last()});
        }
        sorted.sort(Comparator.comparing(r -> r[0]));
        List<BigInteger[]> merged = new ArrayList<>();
        for (BigInteger[] r : sorted) {
            BigInteger[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r[0].compareTo(last[1].add(BigInteger.ONE)) <= 0) {
                last[1] = last[1].max(r[1]);
            } else {
                merged.add(new BigInteger[] {r[0], r[1]});
            }
        }
        return new PrefixSet(version, merged);
    }

    /** This set without the addresses of {@code taken}. */
    PrefixSet minus(List<Cidr> taken) {
        List<BigInteger[]> result = new ArrayList<>();
        for (BigInteger[] r : ranges) {
            result.add(new BigInteger[] {r[0], r[1]});
        }
        for (Cidr t : taken) {
            List<BigInteger[]> next = new ArrayList<>();
            for (BigInteger[] r : result) {
                if (t.last().compareTo(r[0]) < 0 || t.first().compareTo(r[1]) > 0) {
                    next.add(r);
                    continue;
                }
                if (t.first().compareTo(r[0]) > 0) {
                    next.add(new BigInteger[] {r[0], t.first().subtract(BigInteger.ONE)});
                }
                if (t.last().compareTo(r[1]) < 0) {
                    next.add(new BigInteger[] {t.last().add(BigInteger.ONE), r[1]});
                }
            }
            result = next;
        }
        return new PrefixSet(version, result);
    }

    /** True when every address of {@code other} is in this set. */
    boolean containsAll(PrefixSet other) {
        for (BigInteger[] o : other.ranges) {
            boolean inside = ranges.stream().anyMatch(r -> r[0].compareTo(o[0]) <= 0 && o[1].compareTo(r[1]) <= 0);
            if (!inside) {
                return false;
            }
        }
        return true;
    }

    /** True when some address is in both sets. */
    boolean overlaps(PrefixSet other) {
        for (BigInteger[] o : other.ranges) {
            for (BigInteger[] r : ranges) {
                if (r[0].compareTo(o[1]) <= 0 && o[0].compareTo(r[1]) <= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The fewest CIDR blocks covering exactly this set, in address order. */
    List<Cidr> cidrs() {
        int bits = IpAddresses.bits(version);
        List<Cidr> blocks = new ArrayList<>();
        for (BigInteger[] r : ranges) {
            BigInteger a = r[0];
            while (a.compareTo(r[1]) <= 0) {
                int size = Math.min(a.signum() == 0 ? bits : a.getLowestSetBit(), bits);
                while (a.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE).compareTo(r[1]) > 0) {
                    size--;
                }
                blocks.add(Cidr.of(version, a, bits - size));
                a = a.add(BigInteger.ONE.shiftLeft(size));
            }
        }
        return blocks;
    }

    /**
     * Neutron's choice for a new subnet of {@code prefixlen}: the first block of the free space,
     * smallest blocks first, that is large enough; empty when none is.
     */
    java.util.Optional<Cidr> allocate(int prefixlen) {
        return cidrs().stream()
                .sorted(Comparator.comparing(Cidr::prefixLength).reversed())
                .filter(block -> block.prefixLength() <= prefixlen)
                .findFirst()
                .map(block -> Cidr.of(version, block.first(), prefixlen));
    }
}
