package dev.muon.pipeline.node;

import java.util.Map;

/**
 * An OVSDB Interface row as a node reports it, with the bridge and Port it belongs to.
 *
 * @param ofport OpenFlow port number, or null while ovs-vswitchd has not assigned one
 * @param tag    the Port's access VLAN tag, or null
 */
public record ObservedInterface(
        String name,
        String bridge,
        String type,
        Integer ofport,
        Integer tag,
        Map<String, String> externalIds,
        Map<String, String> options) {

    public ObservedInterface {
        externalIds = Map.copyOf(externalIds);
        options = Map.copyOf(options);
    }

    /** The Neutron port id Nova/os-vif put in {@code external_ids:iface-id}, or null. */
    public String ifaceId() {
        return externalIds.get("iface-id");
    }

    public String attachedMac() {
        return externalIds.get("attached-mac");
    }

    /** Usable for flows: ovs-vswitchd gave it a real port number. */
    public boolean hasOfport() {
        return ofport != null && ofport > 0;
    }
}
