package dev.muon.controller.dhcp;

import dev.muon.controller.MuonConfig;
import dev.muon.pipeline.compile.DhcpMeter;

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

    /** The per-port meter on DHCP packet-ins ({@code dhcp.meter.packets.per.second}, {@code dhcp.meter.burst}). */
    public static DhcpMeter meter(MuonConfig config) {
        try {
            return new DhcpMeter(config.getInt("dhcp.meter.packets.per.second"), config.getInt("dhcp.meter.burst"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dhcp.meter.packets.per.second and dhcp.meter.burst: " + e.getMessage(), e);
        }
    }
}
