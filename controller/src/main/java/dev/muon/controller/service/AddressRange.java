package dev.muon.controller.service;

import dev.muon.pipeline.model.AllocationPool;

import java.math.BigInteger;

/** An allocation pool as numbers, for arithmetic. */
record AddressRange(int version, BigInteger first, BigInteger last) {

    static AddressRange of(AllocationPool pool) {
        var start = IpAddresses.parse(pool.start());
        var end = IpAddresses.parse(pool.end());
        return new AddressRange(IpAddresses.version(start), IpAddresses.toNumber(start), IpAddresses.toNumber(end));
    }

    boolean contains(BigInteger address) {
        return address.compareTo(first) >= 0 && address.compareTo(last) <= 0;
    }

    boolean overlaps(AddressRange other) {
        return first.compareTo(other.last) <= 0 && other.first.compareTo(last) <= 0;
    }

    AllocationPool toPool() {
        return new AllocationPool(IpAddresses.format(first, version), IpAddresses.format(last, version));
    }

    /** Neutron's text for a range in messages: {@code 10.0.0.2-10.0.0.254}. */
    @Override
    public String toString() {
        return IpAddresses.format(first, version) + "-" + IpAddresses.format(last, version);
    }
}
