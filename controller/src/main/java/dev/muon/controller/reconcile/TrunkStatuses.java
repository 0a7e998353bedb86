package dev.muon.controller.reconcile;

import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.PortWiring;
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
 * then ACTIVE if the node's pushed desired state wires every subport's patch port and its
 * bridges hold their flows (the compiler's decision: plugged, on a network the node carries;
 * a subport that is only administratively down still counts as wired, as with Neutron), and
 * DEGRADED if any is not.
 * While the node a parent is bound to is not connected, or its flows are not pushed yet,
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

    /** @param pushed what the last pass got onto each node (see {@link PortBindings#changes}) */
    public static List<Change> changes(NetworkModel model, Map<String, NodeState> nodes,
                                       Map<String, PushedState> pushed) {
        List<Change> out = new ArrayList<>();
        for (Trunk t : model.all(ResourceKind.TRUNK).values()) {
            Optional<String> status = status(t, model, nodes, pushed);
            if (status.isPresent() && !status.get().equals(t.status())) {
                out.add(new Change(t.id(), status.get()));
            }
        }
        return out;
    }

    private static Optional<String> status(Trunk t, NetworkModel model, Map<String, NodeState> nodes,
                                           Map<String, PushedState> pushed) {
        String bridge = TrunkNames.bridge(t.id());
        String tpi = TrunkNames.parentIntegrationSide(t.portId());
        for (NodeState node : nodes.values()) {
            boolean vm = node.vifs(bridge).stream().anyMatch(i -> t.portId().equals(i.ifaceId()) && i.hasOfport());
            boolean parent = node.iface(Bridges.INTEGRATION, tpi)
                    .filter(i -> t.portId().equals(i.ifaceId()) && i.hasOfport()).isPresent();
            if (vm && parent) {
                PushedState state = pushed.get(node.hostname());
                if (state == null || !state.syncedBridges().contains(bridge)) {
                    return Optional.empty();   // the trunk bridge is not programmed yet: nothing to say
                }
                if (t.subPorts().stream().anyMatch(s -> state.carriage(s.portId()) == PushedState.Carriage.UNKNOWN)) {
                    return Optional.empty();   // a subport's bridges are not all connected yet
                }
                boolean all = t.subPorts().stream().allMatch(s -> wired(s, state));
                return Optional.of(all ? ACTIVE : DEGRADED);
            }
        }
        String host = model.port(t.portId()).map(Port::bindingHostId).orElse("");
        if (!host.isEmpty() && !nodes.containsKey(host)) {
            return Optional.empty();
        }
        return Optional.of(DOWN);
    }

    private static boolean wired(SubPort s, PushedState state) {
        String spi = TrunkNames.subportIntegrationSide(s.portId());
        Optional<PortWiring> w = state.wiring(s.portId()).filter(x -> x.interfaceName().equals(spi));
        return state.carriage(s.portId()) == PushedState.Carriage.CARRIED && w.isPresent()
                || w.map(x -> x.deadReason() == PortWiring.DeadReason.ADMIN_DOWN).orElse(false);
    }
}
