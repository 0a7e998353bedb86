package dev.muon.pipeline.compile;

import java.util.Map;

/**
 * A port Muon owns on a bridge (patch and tunnel ports), with its single interface.
 *
 * @param type    OVSDB Interface type: patch, vxlan, internal, or "" for a system port
 * @param options Interface options, e.g. {@code peer} or {@code remote_ip}
 */
public record PortSpec(String name, String type, Map<String, String> options) {
    public PortSpec {
        options = Map.copyOf(options);
    }
}
