package dev.muon.controller.service;

import java.math.BigInteger;

/**
 * Which subnets DHCP can serve, checked when a subnet is created or updated with DHCP on (as
 * Neutron's _validate_subnet does): not too small, not multicast, not loopback, and in IPv4 not
 * holding 0.0.0.0. Muon is a little stricter than Neutron, which refuses a multicast or loopback
 * subnet only when it lies wholly inside those blocks: a subnet that merely overlaps them is refused
 * too (its pools would hand out multicast or loopback addresses to VMs, which the dataplane
 * cannot deliver to), and so is an IPv6 subnet holding {@code ::} (its default gateway would
 * be the loopback {@code ::1}).
 */
final class DhcpCidrs {
    private static final Cidr IPV4_MULTICAST = Cidr.parse("224.0.0.0/4");
    private static final Cidr IPV4_LOOPBACK = Cidr.parse("127.0.0.0/8");
    private static final Cidr IPV6_MULTICAST = Cidr.parse("ff00::/8");
    private static final Cidr IPV6_LOOPBACK = Cidr.parse("::1/128");

    private DhcpCidrs() {
    }

    static void check(Cidr cidr) {
        if ((cidr.version() == 4 && cidr.prefixLength() > 30) || (cidr.version() == 6 && cidr.prefixLength() > 126)) {
            throw ServiceErrors.invalidInput("Subnet has a prefix length that is incompatible with DHCP service "
                    + "enabled");
        }
        boolean v4 = cidr.version() == 4;
        if (cidr.overlaps(v4 ? IPV4_MULTICAST : IPV6_MULTICAST)) {
            throw ServiceErrors.invalidInput("Multicast IP subnet is not supported if enable_dhcp is True");
        }
        if (cidr.overlaps(v4 ? IPV4_LOOPBACK : IPV6_LOOPBACK)) {
            throw ServiceErrors.invalidInput("Loopback IP subnet is not supported if enable_dhcp is True");
        }
        if (cidr.first().equals(BigInteger.ZERO)) {
            throw ServiceErrors.invalidInput("First IP '" + (v4 ? "0.0.0.0" : "::")
                    + "' of network is not supported if enable_dhcp is True");
        }
    }
}
