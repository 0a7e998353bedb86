package dev.muon.controller.reconcile;

import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.compile.PortWiring;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Neutron port bindings from what the nodes report and what Muon pushed to them: a VIF on
 * br-int carrying a port's iface-id binds the port to that node; it is ACTIVE when the
 * node's desired state, whose flows have been committed, wires it on its network's local
 * VLAN, and DOWN when it parks it dead (admin_state_up false, a physical network the node
 * does not map, ...: the compiler's decision, not made again here). A port bound to a
 * connected node whose VIF is gone is DOWN. Nodes that are not connected, or whose flows
 * could not be pushed, say nothing, so a controller restart or a failing node changes no
 * binding.
 */
public final class PortBindings {
    private PortBindings() {
    }

    /** A binding change to write into the model. */
    public record Change(String portId, String hostId, boolean active) {
    }

    private static boolean boundTo(NetworkModel model, String portId, NodeState node) {
        return model.port(portId).map(p -> p.bindingHostId().equals(node.hostname())).orElse(false);
    }

    /**
     * @param committed each node's desired state, for the nodes whose flows it describes are
     *                  on the switch (others are left as they are)
     */
    public static List<Change> changes(NetworkModel model, Map<String, NodeState> nodes,
                                       Map<String, DesiredState> committed) {
        Map<String, NodeState> plugged = new HashMap<>();
        for (NodeState n : nodes.values()) {
            for (ObservedInterface vif : n.vifs(Bridges.INTEGRATION)) {
                if (vif.hasOfport()) {
                    // plugged on two nodes (a live migration under way): the current binding stays
                    plugged.merge(vif.ifaceId(), n, (a, b) -> boundTo(model, vif.ifaceId(), b) ? b : a);
                }
            }
        }
        List<Change> out = new ArrayList<>();
        for (Port p : model.ports().values()) {
            NodeState node = plugged.get(p.id());
            boolean active = "ACTIVE".equals(p.status());
            if (node != null) {
                String host = node.hostname();
                DesiredState desired = committed.get(host);
                if (desired == null) {
                    continue;   // not pushed yet: say nothing until the node holds its flows
                }
                boolean up = desired.wiring(p.id()).map(PortWiring::isWired).orElse(false);
                if (!host.equals(p.bindingHostId()) || active != up) {
                    out.add(new Change(p.id(), host, up));
                }
            } else if (p.isBound() && active && nodes.containsKey(p.bindingHostId())) {
                out.add(new Change(p.id(), p.bindingHostId(), false));
            }
        }
        return out;
    }
}
