package dev.muon.controller.l3;

import dev.muon.pipeline.model.DeviceOwner;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Router;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where each router's SNAT runs: on one live network node ({@code muon-role=network}) that maps
 * its external network, recorded as the gateway port's binding (durable, and what Neutron shows
 * for the SNAT host). A router stays where it is while that node lives — including when the node
 * it failed away from comes back (no flapping); a router on a failed node, or not yet placed,
 * goes to the live candidate holding the fewest routers (ties by name), so routers spread.
 * Every router fails over this way: that is what {@code ha=true} promises, and what it gets.
 */
public final class SnatPlacement {

    /** A gateway port to bind to {@code host} ("" to unbind: no candidate is live). */
    public record Move(String routerId, String gatewayPortId, String from, String host) {
    }

    private SnatPlacement() {
    }

    /**
     * @param live the network-capable nodes that can serve right now, by hostname (their
     *             OpenFlow connection to br-int is up), with their declared configuration
     */
    public static List<Move> moves(NetworkModel model, Map<String, NodeConfig> live) {
        Map<String, Integer> load = new HashMap<>();
        List<Router> routers = new ArrayList<>(new TreeMap<>(model.routers()).values());
        List<Router> unplaced = new ArrayList<>();
        for (Router r : routers) {
            Optional<Port> gw = gatewayPort(model, r);
            if (gw.isEmpty()) {
                continue;
            }
            String host = gw.get().bindingHostId();
            if (!host.isEmpty() && candidate(live.get(host), model, r)) {
                load.merge(host, 1, Integer::sum);
            } else {
                unplaced.add(r);
            }
        }
        List<Move> out = new ArrayList<>();
        for (Router r : unplaced) {
            Port gw = gatewayPort(model, r).orElseThrow();
            String best = "";
            int fewest = Integer.MAX_VALUE;
            for (String host : new TreeMap<>(live).keySet()) {
                int n = load.getOrDefault(host, 0);
                if (candidate(live.get(host), model, r) && n < fewest) {
                    best = host;
                    fewest = n;
                }
            }
            if (!best.isEmpty()) {
                load.merge(best, 1, Integer::sum);
            }
            if (!best.equals(gw.bindingHostId())) {
                out.add(new Move(r.id(), gw.id(), gw.bindingHostId(), best));
            }
        }
        return out;
    }

    private static Optional<Port> gatewayPort(NetworkModel model, Router r) {
        if (r.gateway() == null) {
            return Optional.empty();
        }
        return model.port(r.gateway().portId()).filter(p -> DeviceOwner.ROUTER_GATEWAY.equals(p.deviceOwner()));
    }

    /** A network node that maps the router's external network. */
    private static boolean candidate(NodeConfig node, NetworkModel model, Router r) {
        if (node == null || node.role() != NodeRole.NETWORK) {
            return false;
        }
        Optional<Network> ext = model.network(r.gateway().networkId());
        return ext.isPresent() && ext.get().physicalNetwork() != null
                && node.bridgeMappings().containsKey(ext.get().physicalNetwork());
    }
}
