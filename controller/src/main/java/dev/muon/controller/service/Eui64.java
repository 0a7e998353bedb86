package dev.muon.controller.service;

import java.math.BigInteger;

/**
 * The modified EUI-64 address of a MAC on an IPv6 prefix (RFC 4291 appendix A), which is what a
 * host forms by SLAAC and what Neutron records for ports on SLAAC and DHCPv6-stateless subnets:
 * the MAC with ff:fe in its middle and the universal/local bit flipped, as the interface id.
 */
final class Eui64 {
    private Eui64() {
    }

    /** @param cidr an IPv6 prefix (a /64 on subnets with automatic addresses) @param mac a canonical MAC */
    static String address(String cidr, String mac) {
        Cidr prefix = Cidr.parse(cidr);
        long id = 0;
        String[] octets = mac.split(":");
        for (int i = 0; i < 6; i++) {
            id = id << 8 | Integer.parseInt(octets[i], 16);
            if (i == 2) {
                id = id << 16 | 0xfffe;
            }
        }
        id ^= 1L << 57;
        BigInteger interfaceId = new BigInteger(Long.toUnsignedString(id));
        return IpAddresses.format(prefix.first().add(interfaceId), 6);
    }
}
