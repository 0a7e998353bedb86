package dev.muon.pipeline.compile;

import java.util.ArrayList;
import java.util.List;

/**
 * A port range (min–max, inclusive) as the fewest value/mask pairs that cover exactly it, so a
 * security group rule for ports 8000–8080 is a handful of masked {@code tp_dst} matches instead
 * of 81 exact ones (Neutron's port_rule_masking does the same). A mask of 0xffff is one port.
 */
final class PortRangeMasks {
    /** One masked port value: ports p with {@code p & mask == value}. */
    record Masked(int value, int mask) {
    }

    private PortRangeMasks() {
    }

    static List<Masked> of(int min, int max) {
        if (min < 0 || max > 0xffff || min > max) {
            throw new IllegalArgumentException("bad port range " + min + "-" + max);
        }
        List<Masked> out = new ArrayList<>();
        int low = min;
        while (low <= max) {
            // the largest aligned block starting at low that stays within max
            int size = low == 0 ? 0x10000 : Integer.lowestOneBit(low);
            while (low + size - 1 > max) {
                size >>= 1;
            }
            out.add(new Masked(low, 0xffff & ~(size - 1)));
            low += size;
        }
        return out;
    }
}
