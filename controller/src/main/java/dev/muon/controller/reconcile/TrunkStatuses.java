package dev.muon.controller.reconcile;

import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.NodeTopology;
import dev.muon.pipeline.compile.TrunkNames;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.SubPort;
import dev.muon.pipeline.model.Trunk;
import dev.muon.pipeline.node.NodeState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Derives each trunk's status from what the nodes report, as Neutron's trunk driver reports
 * it: DOWN until the VM is plugged in the trunk bridge and the parent's patch port is on br-int;
 * then ACTIVE if every subport's patch port is on br-int of that node, on a network the node
 * can carry, and DEGRADED if any is not. While the node a parent is bound to is not connected
 * nothing is said (a controller restart changes no status).
 */
public final class TrunkStatuses {
    public static final String ACTIVE = "ACTIVE";
    public static final String DEGRADED = "DEGRADED";
    public static final String DOWN = "DOWN";

    private TrunkStatuses() {
    }

    /** A trunk status to write into the model. */
    public record Change(String trunkId, String status) {
    }

    public static List<Change> changes(NetworkModel model, Map<String, NodeState> nodes) {
        List<Change> out = new ArrayList<>();
        for (Trunk t : model.all(ResourceKind.TRUNK).values()) {
            Optional<String> status = status(t, model, nodes);
            if (status.isPresent() && !status.get().equals(t.status())) {
                out.add(new Change(t.id(), status.get()));
            }
        }
        return out;
    }

    private static Optional<String> status(Trunk t, NetworkModel model, Map<String, NodeState> nodes) {
        String bridge = TrunkNames.bridge(t.id());
        String tpi = TrunkNames.parentIntegrationSide(t.portId());
        for (NodeState node : nodes.values()) {
            boolean vm = node.vifs(bridge).stream().anyMatch(i -> t.portId().equals(i.ifaceId()) && i.hasOfport());
            boolean parent = node.iface(Bridges.INTEGRATION, tpi)
                    .filter(i -> t.portId().equals(i.ifaceId()) && i.hasOfport()).isPresent();
            if (vm && parent) {
                boolean all = t.subPorts().stream().allMatch(s -> wired(s, node, model));
                return Optional.of(all ? ACTIVE : DEGRADED);
            }
        }
        String host = model.port(t.portId()).map(Port::bindingHostId).orElse("");
        if (!host.isEmpty() && !nodes.containsKey(host)) {
            return Optional.empty();
        }
        return Optional.of(DOWN);
    }

    private static boolean wired(SubPort s, NodeState node, NetworkModel model) {
        String spi = TrunkNames.subportIntegrationSide(s.portId());
        boolean plugged = node.iface(Bridges.INTEGRATION, spi)
                .filter(i -> s.portId().equals(i.ifaceId()) && i.hasOfport()).isPresent();
        boolean carried = model.port(s.portId()).flatMap(p -> model.network(p.networkId()))
                .map(net -> NodeTopology.carries(node, net)).orElse(false);
        return plugged && carried;
    }
}
