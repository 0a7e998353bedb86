package dev.muon.controller.dhcp;

import dev.muon.controller.MuonConfig;

/**
 * The DHCP server's settings: lease time (option 51) and domain (option 15). Neutron's
 * defaults: a day, {@code openstacklocal}.
 */
public record DhcpConfig(int leaseSeconds, String domain) {
    public static final DhcpConfig DEFAULTS = new DhcpConfig(86400, "openstacklocal");

    public DhcpConfig {
        if (leaseSeconds < 60) {
            throw new IllegalArgumentException("dhcp.lease.seconds must be at least 60, not " + leaseSeconds);
        }
    }

    public static DhcpConfig from(MuonConfig config) {
        return new DhcpConfig(config.getInt("dhcp.lease.seconds"), config.get("dhcp.domain"));
    }
}
