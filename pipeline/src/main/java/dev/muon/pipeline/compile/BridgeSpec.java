package dev.muon.pipeline.compile;

import java.util.List;

/**
 * A bridge Muon owns on a node, as OVSDB should hold it. The controller sets
 * {@code other_config:datapath-id} so an OpenFlow connection identifies its bridge.
 *
 * @param controllerTarget the OpenFlow controller target(s) of the bridge: one, or several separated by
 *                  commas (every controller of a cluster, each one Controller row), as ovs-vsctl
 *                  set-controller takes them
 * @param ports     the ports Muon owns on it; ports Muon does not own (VIFs) are left alone
 * @param ephemeral the bridge exists only while a desired state names it (a trunk bridge):
 *                  once none does, it is deleted from the node, provided nothing but Muon's
 *                  ports is left on it. Other bridges are never deleted.
 */
public record BridgeSpec(
        String name,
        String datapathType,
        String datapathId,
        String failMode,
        List<String> protocols,
        String controllerTarget,
        List<PortSpec> ports,
        boolean ephemeral) {

    public BridgeSpec {
        protocols = List.copyOf(protocols);
        ports = List.copyOf(ports);
    }

    /** The controller targets, in order; empty when Muon leaves the bridge's controllers alone. */
    public List<String> controllerTargets() {
        if (controllerTarget == null) {
            return List.of();
        }
        return java.util.Arrays.stream(controllerTarget.split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .distinct().toList();
    }

    public BridgeSpec(String name, String datapathType, String datapathId, String failMode, List<String> protocols,
                      String controllerTarget, List<PortSpec> ports) {
        this(name, datapathType, datapathId, failMode, protocols, controllerTarget, ports, false);
    }
}
