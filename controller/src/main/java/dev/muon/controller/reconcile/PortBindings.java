package dev.muon.controller.reconcile;

import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.NodeTopology;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives Neutron port bindings from what the nodes report: a VIF on br-int carrying a
 * port's iface-id binds the port to that node (ACTIVE; DOWN while admin_state_up is false
 * or when the node has no bridge mapping for the network's physical network, as Neutron
 * reports them); a port bound to a connected node whose VIF is gone is
 * DOWN. Nodes that are not connected say nothing, so a controller restart changes no
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

    public static List<Change> changes(NetworkModel model, Map<String, NodeState> nodes) {
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
                // up only if the node can carry the network (a VLAN/flat physnet it maps), as Neutron's binding
                boolean up = p.adminStateUp() && model.network(p.networkId())
                        .map(net -> NodeTopology.carries(node, net)).orElse(true);
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
