package dev.muon.pipeline.compile;

import java.util.List;

/** Names of the bridges and patch ports Muon owns on every node, as Neutron names them. */
public final class Bridges {
    public static final String INTEGRATION = "br-int";
    public static final String TUNNEL = "br-tun";
    public static final String PATCH_TUN = "patch-tun";
    public static final String PATCH_INT = "patch-int";
    public static final String FAIL_MODE = "secure";
    public static final List<String> PROTOCOLS = List.of("OpenFlow13", "OpenFlow14");
    /** Neutron's dead VLAN: VIFs with no network yet are parked on it and dropped. */
    public static final int DEAD_VLAN = 4095;

    private Bridges() {
    }

    /** {@code vxlan-c0a8010c} for remote 192.168.1.12, as Neutron names tunnel ports. */
    public static String tunnelPortName(String remoteIp) {
        String[] octets = remoteIp.split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + remoteIp);
        }
        StringBuilder sb = new StringBuilder("vxlan-");
        for (String o : octets) {
            sb.append(String.format("%02x", Integer.parseInt(o)));
        }
        return sb.toString();
    }
}
