package dev.muon.pipeline.node;

import java.util.Map;
import java.util.Objects;

/**
 * What a node declares about itself in the external_ids of its Open_vSwitch row
 * ({@code hostname}, {@code muon-encap-ip}, {@code muon-bridge-mappings},
 * {@code muon-role}, {@code muon-datapath-type}, {@code muon-openflow-target},
 * {@code availability_zone}).
 *
 * @param bridgeMappings physical network name to bridge name
 * @param openflowTarget controller target to write into the node's bridges, or null for
 *                       the controller's advertised default
 */
public record NodeConfig(
        String hostname,
        String encapIp,
        NodeRole role,
        Map<String, String> bridgeMappings,
        String datapathType,
        String openflowTarget,
        String availabilityZone) {

    public static final String HOSTNAME = "hostname";
    public static final String ENCAP_IP = "muon-encap-ip";
    public static final String BRIDGE_MAPPINGS = "muon-bridge-mappings";
    public static final String ROLE = "muon-role";
    public static final String DATAPATH_TYPE = "muon-datapath-type";
    public static final String OPENFLOW_TARGET = "muon-openflow-target";
    /** The key Neutron's agents take their zone from is their config file's; a node's is here. */
    public static final String AVAILABILITY_ZONE = "availability_zone";
    /** Neutron's default zone. */
    public static final String DEFAULT_ZONE = "nova";

    public NodeConfig {
        bridgeMappings = Map.copyOf(bridgeMappings);
        availabilityZone = availabilityZone == null ? DEFAULT_ZONE : availabilityZone;   // remembered before zones
    }

    /** In the default zone. */
    public NodeConfig(String hostname, String encapIp, NodeRole role, Map<String, String> bridgeMappings,
                      String datapathType, String openflowTarget) {
        this(hostname, encapIp, role, bridgeMappings, datapathType, openflowTarget, DEFAULT_ZONE);
    }

    /**
     * Reads a node's configuration from its Open_vSwitch external_ids; null when the
     * node has not declared a hostname (it is not a Muon node yet).
     *
     * @throws IllegalArgumentException on a malformed value, with a message for the operator
     */
    public static NodeConfig fromExternalIds(Map<String, String> ids) {
        String hostname = ids.getOrDefault(HOSTNAME, "").trim();
        if (hostname.isEmpty()) {
            return null;
        }
        return new NodeConfig(
                hostname,
                encapIp(emptyToNull(ids.get(ENCAP_IP))),
                NodeRole.parse(ids.getOrDefault(ROLE, "compute")),
                BridgeMappings.parse(ids.getOrDefault(BRIDGE_MAPPINGS, "")),
                Objects.requireNonNullElse(emptyToNull(ids.get(DATAPATH_TYPE)), "system"),
                emptyToNull(ids.get(OPENFLOW_TARGET)),
                zone(emptyToNull(ids.get(AVAILABILITY_ZONE))));
    }

    /** A zone name as Neutron accepts one for a hint: at most 255 characters. */
    private static String zone(String name) {
        if (name != null && name.length() > 255) {
            throw new IllegalArgumentException(AVAILABILITY_ZONE + " must be at most 255 characters, not '"
                    + shown(name) + "'");
        }
        return name;
    }

    /** The VXLAN endpoint must be a dotted IPv4 address: tunnel port names and flows are built from it. */
    private static String encapIp(String ip) {
        if (ip == null) {
            return null;
        }
        String[] octets = ip.split("\\.", -1);
        boolean valid = octets.length == 4;
        for (int i = 0; valid && i < 4; i++) {
            valid = octets[i].matches("\\d{1,3}") && Integer.parseInt(octets[i]) <= 255;
        }
        if (!valid) {
            throw new IllegalArgumentException(ENCAP_IP + " must be an IPv4 address, not '" + shown(ip) + "'");
        }
        int first = Integer.parseInt(octets[0]);
        // every other node would build a VXLAN port towards it: only a unicast host address will do
        if (first == 0 || first == 127 || first >= 224) {
            throw new IllegalArgumentException(ENCAP_IP + " must be a unicast host address (not unspecified, "
                    + "loopback, multicast or broadcast), not '" + ip + "'");
        }
        return ip;
    }

    /** A peer's value as a log line shows it: a hostile node may write megabytes there. */
    public static String shown(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "… (" + value.length() + " chars)";
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
