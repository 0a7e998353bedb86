package dev.muon.pipeline.compile;

import dev.muon.pipeline.model.FloatingIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.node.NodeState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What this node serves on external networks: the gateways of the routers whose SNAT it holds
 * (the controller placed them here) and the floating IPs it carries. A floating IP is served on
 * its VM's own node when that node maps the external network, so its traffic never crosses to
 * a network node; otherwise on its router's SNAT node (Neutron's DVR cannot do this without a
 * per-node switch).
 */
final class NodeExternal {

    /** A floating IP served here: its router (reg4, zone, gateway), the fixed IP it maps to, its MAC. */
    record ServedFloatingIp(FloatingIp fip, NodeRouters.LocalRouter router, String fixedIp, String mac) {
        ExternalGateway gateway() {
            return router.gateway();
        }
    }

    private final List<NodeRouters.LocalRouter> snatRouters = new ArrayList<>();
    private final List<ServedFloatingIp> floatingIps = new ArrayList<>();

    NodeExternal(CompileInput in, NodeRouters routers) {
        String self = in.hostname();
        Map<String, NodeRouters.LocalRouter> byId = new TreeMap<>();
        for (NodeRouters.LocalRouter r : routers.routers()) {
            byId.put(r.router().id(), r);
            ExternalGateway g = r.gateway();
            if (g != null && self.equals(g.snatHost()) && g.reachable()) {
                snatRouters.add(r);
            }
        }
        NetworkModel model = in.model();
        for (FloatingIp f : new TreeMap<>(model.all(ResourceKind.FLOATING_IP)).values()) {
            if (f.portId() == null || f.routerId() == null || f.fixedIpAddress() == null) {
                continue;
            }
            NodeRouters.LocalRouter r = byId.get(f.routerId());
            if (r == null || r.gateway() == null || !r.gateway().reachable()
                    || !r.gateway().network().id().equals(f.floatingNetworkId())) {
                continue;
            }
            Optional<Port> vm = model.port(f.portId()).filter(Port::isBound);
            Optional<Port> own = model.port(f.floatingPortId());
            if (vm.isEmpty() || own.isEmpty() || !self.equals(servingHost(in, vm.get(), r.gateway()))) {
                continue;
            }
            floatingIps.add(new ServedFloatingIp(f, r, f.fixedIpAddress(), own.get().macAddress().toLowerCase()));
        }
    }

    /** The node serving a floating IP of a VM bound to its node: that node if it maps the external network, else the SNAT node. */
    private static String servingHost(CompileInput in, Port vm, ExternalGateway g) {
        NodeState host = in.nodes().get(vm.bindingHostId());
        boolean maps = host != null && host.config() != null
                && NodeTopology.usableMappings(host.config().bridgeMappings()).containsKey(g.network().physicalNetwork());
        return maps ? vm.bindingHostId() : g.snatHost();
    }

    /** Routers whose SNAT and gateway address this node serves. */
    List<NodeRouters.LocalRouter> snatRouters() {
        return snatRouters;
    }

    /** Floating IPs this node serves. */
    List<ServedFloatingIp> floatingIps() {
        return floatingIps;
    }

    /** Whether this node serves anything for router {@code r} (its SNAT or one of its floating IPs). */
    boolean servesFor(NodeRouters.LocalRouter r) {
        return snatRouters.contains(r) || floatingIps.stream().anyMatch(f -> f.router().equals(r));
    }
}
