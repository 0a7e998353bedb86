package dev.muon.pipeline.node;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses Neutron-style bridge mappings: {@code physnet1:br-eth1,public:br-ex}. */
public final class BridgeMappings {
    private BridgeMappings() {
    }

    public static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : text.split(",")) {
            String entry = item.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException(
                        "bridge mapping '" + entry + "' is not of the form physnet:bridge");
            }
            out.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
        }
        return out;
    }
}
