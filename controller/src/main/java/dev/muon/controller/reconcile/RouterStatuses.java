package dev.muon.controller.reconcile;

import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.flow.Cookies;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Router;
import dev.muon.pipeline.node.NodeState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A router's status from what the nodes hold: ACTIVE once every node that routes for it (its
 * compiled flows carry the router's cookie) holds them on every bridge they are on; DOWN when
 * it is administratively down (no node routes for it then). Its interfaces follow it, unbound
 * (binding:host_id "", as Neutron shows a distributed interface). While a node that routes for
 * it is not connected on every such bridge, or its pass failed, nothing is said.
 */
public final class RouterStatuses {
    public static final String ACTIVE = "ACTIVE";
    public static final String DOWN = "DOWN";

    private RouterStatuses() {
    }

    /** A router status, and the interface ports' status with it. */
    public record Change(String routerId, String status) {
    }

    /** An interface port's status to write (bound to no host). */
    public record InterfaceChange(String portId, boolean active) {
    }

    /**
     * @param compiled the desired state last compiled for each connected node
     * @param pushed   what the last pass got onto each node
     */
    public static List<Change> changes(NetworkModel model, Map<String, NodeState> nodes,
                                       Map<String, DesiredState> compiled, Map<String, PushedState> pushed) {
        CookieBridges flows = new CookieBridges(nodes, compiled);
        List<Change> out = new ArrayList<>();
        for (Router r : model.routers().values()) {
            Optional<String> status = status(r, nodes, flows, pushed);
            if (status.isPresent() && !status.get().equals(r.status())) {
                out.add(new Change(r.id(), status.get()));
            }
        }
        return out;
    }

    /** Interface ports whose status (or a binding left on them) differs from their router's. */
    public static List<InterfaceChange> interfaceChanges(NetworkModel model) {
        List<InterfaceChange> out = new ArrayList<>();
        for (Router r : model.routers().values()) {
            boolean active = ACTIVE.equals(r.status());
            for (Port p : model.interfacesOf(r.id())) {
                if (active != ACTIVE.equals(p.status()) || p.isBound()) {
                    out.add(new InterfaceChange(p.id(), active));
                }
            }
        }
        return out;
    }

    private static Optional<String> status(Router r, Map<String, NodeState> nodes,
                                           CookieBridges flows,
                                           Map<String, PushedState> pushed) {
        if (!r.adminStateUp()) {
            return Optional.of(DOWN);
        }
        long cookie = Cookies.of(Cookies.Kind.ROUTER, r.id());
        for (String host : nodes.keySet()) {
            Set<String> bridges = flows.on(host, cookie);
            if (!bridges.isEmpty() && !CookieBridges.synced(bridges, pushed.get(host))) {
                return Optional.empty();   // a node that routes for it does not hold its flows yet
            }
        }
        return Optional.of(ACTIVE);
    }
}
