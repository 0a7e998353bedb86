package dev.muon.pipeline.node;

import dev.muon.pipeline.compile.Bridges;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses Neutron-style bridge mappings: {@code physnet1:br-eth1,public:br-ex}. A bridge must be
 * a name Linux accepts for an interface, not one of Muon's own bridges, and serve one physical
 * network: a node that says otherwise is refused as a whole (it affects only itself).
 */
public final class BridgeMappings {
    private BridgeMappings() {
    }

    /** What Linux takes as an interface name (IFNAMSIZ 16 with the NUL), in characters OVS ports use. */
    private static final Pattern BRIDGE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    public static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> bridges = new HashSet<>();
        for (String item : text.split(",")) {
            String entry = item.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException(
                        "bridge mapping '" + NodeConfig.shown(entry) + "' is not of the form physnet:bridge");
            }
            String bridge = entry.substring(colon + 1).trim();
            if (!BRIDGE_NAME.matcher(bridge).matches() || bridge.equals(Bridges.INTEGRATION)
                    || bridge.equals(Bridges.TUNNEL) || !bridges.add(bridge)) {
                throw new IllegalArgumentException("bridge mapping '" + NodeConfig.shown(entry) + "' names no usable "
                        + "bridge (1-15 of A-Z a-z 0-9 _ . -, not br-int or br-tun, one physical network each)");
            }
            out.put(entry.substring(0, colon).trim(), bridge);
        }
        return out;
    }
}
