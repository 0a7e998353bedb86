package dev.muon.pipeline.compile;

import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bridges and ports Muon owns on a node: br-int, br-tun, their patch pair, the tunnel
 * mesh, and each mapped physical bridge with its int-/phy- patch pair (never its NICs).
 */
final class NodeBridges {
    private NodeBridges() {
    }

    static List<BridgeSpec> compile(NodeTopology topo, String defaultControllerTarget) {
        NodeConfig cfg = topo.self().config();
        String target = cfg.openflowTarget() != null ? cfg.openflowTarget() : defaultControllerTarget;
        String host = cfg.hostname();

        List<PortSpec> tunPorts = new ArrayList<>();
        tunPorts.add(patch(Bridges.PATCH_INT, Bridges.PATCH_TUN));
        for (NodeState remote : topo.tunnelEndpoints()) {
            String remoteIp = remote.config().encapIp();
            tunPorts.add(new PortSpec(Bridges.tunnelPortName(remoteIp), "vxlan", Map.of(
                    "remote_ip", remoteIp,
                    "local_ip", cfg.encapIp(),
                    "in_key", "flow",
                    "out_key", "flow")));
        }
        List<PortSpec> intPorts = new ArrayList<>();
        intPorts.add(patch(Bridges.PATCH_TUN, Bridges.PATCH_INT));
        List<BridgeSpec> physical = new ArrayList<>();
        for (PhysicalBridge pb : topo.physicalBridges()) {
            intPorts.add(patch(pb.integrationPort(), pb.physicalPort()));
            physical.add(bridge(host, pb.bridge(), cfg, target, List.of(patch(pb.physicalPort(), pb.integrationPort()))));
        }
        List<BridgeSpec> out = new ArrayList<>();
        out.add(bridge(host, Bridges.INTEGRATION, cfg, target, intPorts));
        out.add(bridge(host, Bridges.TUNNEL, cfg, target, tunPorts));
        out.addAll(physical);
        return out;
    }

    private static BridgeSpec bridge(String host, String name, NodeConfig cfg, String target, List<PortSpec> ports) {
        return new BridgeSpec(name, cfg.datapathType(), DatapathIds.hex(DatapathIds.of(host, name)),
                Bridges.FAIL_MODE, Bridges.PROTOCOLS, target, ports);
    }

    private static PortSpec patch(String name, String peer) {
        return new PortSpec(name, "patch", Map.of("peer", peer));
    }
}
