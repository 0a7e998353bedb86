package dev.muon.controller.reconcile;

import dev.muon.pipeline.compile.Bridges;
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
 * node's pushed desired state wires it on its network's local VLAN and every bridge that
 * carries it (br-int, br-tun or the physical bridge, its trunk bridge) holds its flows, and
 * DOWN when the compiler parks it dead (admin_state_up false, a physical network the node
 * does not map: the compiler's decision, not made again here) or its path cannot be
 * programmed; while a bridge on its path is not connected (just after a restart) nothing is
 * said, so a restart flips no status. A port bound
 * to a connected node whose VIF is gone is DOWN, also while its new node is still being
 * programmed (a live migration). Nodes that are not connected, or whose pass failed, say
 * nothing else, so a controller restart or a failing node changes no binding. A port bound to
 * another host where it is not ACTIVE (binding:host_id set by Nova or an operator) is not taken
 * by a VIF elsewhere: see {@link dev.muon.pipeline.model.Port#heldForAnotherHost}.
 */
public final class PortBindings {
    /** Ports no VIF binds: the controller places them (SnatPlacement) or they stay unbound. */
    private static final java.util.Set<String> PLACED_BY_CONTROLLER =
            java.util.Set.of(dev.muon.pipeline.model.DeviceOwner.ROUTER_GATEWAY, dev.muon.pipeline.model.DeviceOwner.FLOATING_IP);

    private PortBindings() {
    }

    /** A binding change to write into the model. */
    public record Change(String portId, String hostId, boolean active) {
    }

    private static boolean boundTo(NetworkModel model, String portId, NodeState node) {
        return model.port(portId).map(p -> p.bindingHostId().equals(node.hostname())).orElse(false);
    }

    /**
     * @param pushed what the last pass got onto each node (a node missing here: its pass failed
     *               or has not run, and its ports are left as they are)
     */
    public static List<Change> changes(NetworkModel model, Map<String, NodeState> nodes,
                                       Map<String, PushedState> pushed) {
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
            if (PLACED_BY_CONTROLLER.contains(p.deviceOwner())) {
                continue;   // a gateway port is bound where SNAT is placed, a floating IP's port nowhere: no VIF says
            }
            NodeState node = plugged.get(p.id());
            boolean active = "ACTIVE".equals(p.status());
            if (node != null && p.heldForAnotherHost(node.hostname())) {
                continue;   // placed by the API on another host: a VIF here does not take it (it stays dead here)
            }
            if (node != null) {
                String host = node.hostname();
                PushedState state = pushed.get(host);
                if (state == null) {
                    // not pushed yet: nothing to say about the new node, but a binding left on a
                    // connected node that no longer has the VIF is no longer true; it moves with
                    // the VIF, DOWN until the new node is programmed (left DOWN on the old host, it
                    // would be held there)
                    if (active && p.isBound() && !host.equals(p.bindingHostId()) && nodes.containsKey(p.bindingHostId())) {
                        out.add(new Change(p.id(), host, false));
                    }
                    continue;
                }
                PushedState.Carriage carriage = state.carriage(p.id());
                if (carriage == PushedState.Carriage.UNKNOWN) {
                    continue;   // a bridge on its path is not connected yet (e.g. just after a restart): keep what is said
                }
                boolean up = carriage == PushedState.Carriage.CARRIED;
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
