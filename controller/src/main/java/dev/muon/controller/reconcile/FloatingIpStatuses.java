package dev.muon.controller.reconcile;

import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.flow.Cookies;
import dev.muon.pipeline.model.FloatingIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.node.NodeState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A floating IP's status from what the nodes hold: ACTIVE once a connected node that serves it
 * (its compiled flows carry the floating IP's cookie) holds them on every bridge they are on;
 * DOWN when no node serves it (not associated, its router down, no node able to). While the
 * nodes that serve it do not hold its flows yet, or a connected node has not been compiled
 * (it may be the one to serve it), nothing is said.
 */
public final class FloatingIpStatuses {
    public static final String ACTIVE = "ACTIVE";
    public static final String DOWN = "DOWN";

    private FloatingIpStatuses() {
    }

    /** A floating IP status to write into the model. */
    public record Change(String floatingIpId, String status) {
    }

    /**
     * @param compiled the desired state last compiled for each connected node
     * @param pushed   what the last pass got onto each node
     */
    public static List<Change> changes(NetworkModel model, Map<String, NodeState> nodes,
                                       Map<String, DesiredState> compiled, Map<String, PushedState> pushed) {
        CookieBridges flows = new CookieBridges(nodes, compiled);
        List<Change> out = new ArrayList<>();
        for (FloatingIp f : model.all(ResourceKind.FLOATING_IP).values()) {
            Optional<String> status = status(f, nodes, flows, pushed);
            if (status.isPresent() && !status.get().equals(f.status())) {
                out.add(new Change(f.id(), status.get()));
            }
        }
        return out;
    }

    private static Optional<String> status(FloatingIp f, Map<String, NodeState> nodes, CookieBridges flows,
                                           Map<String, PushedState> pushed) {
        if (f.portId() == null) {
            return Optional.of(DOWN);
        }
        long cookie = Cookies.of(Cookies.Kind.FLOATING_IP, f.id());
        boolean served = false;
        boolean unknown = false;
        for (String host : nodes.keySet()) {
            Set<String> bridges = flows.on(host, cookie);
            if (!bridges.isEmpty()) {
                if (CookieBridges.synced(bridges, pushed.get(host))) {
                    return Optional.of(ACTIVE);
                }
                served = true;
            } else if (!flows.compiled(host)) {
                unknown = true;
            }
        }
        return served || unknown ? Optional.empty() : Optional.of(DOWN);
    }
}
