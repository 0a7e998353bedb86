package dev.muon.pipeline.compile;

import java.util.List;

/**
 * A bridge Muon owns on a node, as OVSDB should hold it. The controller sets
 * {@code other_config:datapath-id} so an OpenFlow connection identifies its bridge.
 *
 * @param ports the ports Muon owns on it; ports Muon does not own (VIFs) are left alone
 */
public record BridgeSpec(
        String name,
        String datapathType,
        String datapathId,
        String failMode,
        List<String> protocols,
        String controllerTarget,
        List<PortSpec> ports) {

    public BridgeSpec {
        protocols = List.copyOf(protocols);
        ports = List.copyOf(ports);
    }
}
