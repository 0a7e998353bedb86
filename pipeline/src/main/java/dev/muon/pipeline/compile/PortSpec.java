package dev.muon.pipeline.compile;

import java.util.Map;

/**
 * A port Muon owns on a bridge (patch and tunnel ports), with its single interface.
 *
 * @param type        OVSDB Interface type: patch, vxlan, internal, or "" for a system port
 * @param options     Interface options, e.g. {@code peer} or {@code remote_ip}
 * @param externalIds Interface external_ids Muon sets, e.g. {@code iface-id} and
 *                    {@code attached-mac} on a trunk's patch port into br-int, which makes it
 *                    a VIF to the rest of the pipeline; other keys are left alone
 * @param tag         the Port's access VLAN, or null to leave the tag alone (VIF ports on
 *                    br-int get theirs from {@link DesiredState#vifTags()})
 */
public record PortSpec(String name, String type, Map<String, String> options, Map<String, String> externalIds,
                       Integer tag) {
    public PortSpec {
        options = Map.copyOf(options);
        externalIds = Map.copyOf(externalIds);
    }

    public PortSpec(String name, String type, Map<String, String> options) {
        this(name, type, options, Map.of(), null);
    }
}
