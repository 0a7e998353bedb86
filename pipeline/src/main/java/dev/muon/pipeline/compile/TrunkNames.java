package dev.muon.pipeline.compile;

/**
 * The names Neutron's Open vSwitch trunk driver gives a trunk's bridge and patch ports, which
 * Nova/os-vif and operators expect (seed 000: {@code tbr-3b9bb4f7-a}, {@code tpt-027…},
 * {@code spi-867…}). Port names are cut to Linux's 15 characters; the bridge name to 14
 * (Neutron's gen_trunk_br_name keeps one character in hand).
 */
public final class TrunkNames {
    public static final String BRIDGE_PREFIX = "tbr-";
    private static final int BRIDGE_NAME_MAX_LEN = Bridges.DEVICE_NAME_MAX_LEN - 1;

    private TrunkNames() {
    }

    /** {@code tbr-3b9bb4f7-a} for trunk 3b9bb4f7-ae10-…. */
    public static String bridge(String trunkId) {
        return cut(BRIDGE_PREFIX + trunkId, BRIDGE_NAME_MAX_LEN);
    }

    public static boolean isTrunkBridge(String bridgeName) {
        return bridgeName.startsWith(BRIDGE_PREFIX);
    }

    /** {@code tpt-<parent port id>}: the parent's patch port on the trunk bridge. */
    public static String parentTrunkSide(String portId) {
        return cut("tpt-" + portId, Bridges.DEVICE_NAME_MAX_LEN);
    }

    /** {@code tpi-<parent port id>}: the parent's patch port on br-int, a VIF of the parent port. */
    public static String parentIntegrationSide(String portId) {
        return cut("tpi-" + portId, Bridges.DEVICE_NAME_MAX_LEN);
    }

    /** {@code spt-<subport id>}: a subport's patch port on the trunk bridge. */
    public static String subportTrunkSide(String portId) {
        return cut("spt-" + portId, Bridges.DEVICE_NAME_MAX_LEN);
    }

    /** {@code spi-<subport id>}: a subport's patch port on br-int, a VIF of the subport. */
    public static String subportIntegrationSide(String portId) {
        return cut("spi-" + portId, Bridges.DEVICE_NAME_MAX_LEN);
    }

    private static String cut(String name, int max) {
        return name.length() <= max ? name : name.substring(0, max);
    }
}
