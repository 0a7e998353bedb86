package dev.muon.pipeline.compile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
    /** Linux's limit on a device name (IFNAMSIZ - 1), which Neutron applies to every port name. */
    public static final int DEVICE_NAME_MAX_LEN = 15;
    private static final int NAME_HASH_LEN = 6;

    private Bridges() {
    }

    /** {@code vxlan-c0a8010c} for remote 192.168.1.12, as Neutron names tunnel ports. */
    public static String tunnelPortName(String remoteIp) {
        return TUNNEL_PORT_NAMES.computeIfAbsent(remoteIp, Bridges::formatTunnelPortName);
    }

    /** Each compile names a port per other node: formatted once per address. */
    private static final java.util.Map<String, String> TUNNEL_PORT_NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    private static String formatTunnelPortName(String remoteIp) {
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


    /** {@code int-br-eth1}: br-int's end of the patch pair to a physical bridge. */
    public static String integrationPatchName(String physicalBridge) {
        return deviceName("int-", physicalBridge);
    }

    /** {@code phy-br-eth1}: the physical bridge's end of the patch pair to br-int. */
    public static String physicalPatchName(String physicalBridge) {
        return deviceName("phy-", physicalBridge);
    }

    /**
     * {@code prefix + name} if it fits in 15 characters; otherwise, as Neutron's
     * get_interface_name, the prefix, the head of the name and the first 6 hex digits of the
     * name's SHA-1, so that long bridge names still give distinct, recognisable port names.
     */
    static String deviceName(String prefix, String name) {
        String requested = prefix + name;
        if (requested.length() <= DEVICE_NAME_MAX_LEN) {
            return requested;
        }
        int keep = DEVICE_NAME_MAX_LEN - prefix.length() - NAME_HASH_LEN;
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(name.getBytes(StandardCharsets.UTF_8));
            return prefix + name.substring(0, keep) + HexFormat.of().formatHex(sha1).substring(0, NAME_HASH_LEN);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
