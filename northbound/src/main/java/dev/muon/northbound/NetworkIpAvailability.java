package dev.muon.northbound;

import java.math.BigInteger;
import java.util.List;

/**
 * A network's address use: each subnet's, and their sums. Totals are big integers: an IPv6 /64
 * holds 2^64 - 2 addresses.
 */
public record NetworkIpAvailability(String networkId, String networkName, String projectId,
                                    List<SubnetIpAvailability> subnets) {

    public NetworkIpAvailability {
        subnets = List.copyOf(subnets);
    }

    /** Addresses in the allocation pools of all its subnets. */
    public BigInteger totalIps() {
        return subnets.stream().map(SubnetIpAvailability::totalIps).reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** Addresses allocated to ports on all its subnets. */
    public long usedIps() {
        return subnets.stream().mapToLong(SubnetIpAvailability::usedIps).sum();
    }

    /**
     * @param totalIps addresses in its allocation pools (the whole CIDR when it has none)
     * @param usedIps  fixed IPs of ports on it, whether inside the pools or not
     */
    public record SubnetIpAvailability(String subnetId, String subnetName, String cidr, int ipVersion,
                                       BigInteger totalIps, long usedIps) {
    }
}
