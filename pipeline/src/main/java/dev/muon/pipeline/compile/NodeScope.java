package dev.muon.pipeline.compile;

import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.SecurityGroupRule;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.util.HashSet;
import java.util.Set;

/**
 * Which plain VM ports a node's compiled state can depend on: those on a network it carries
 * (its VIFs' networks and every network their routers reach, where remote ports are populated),
 * those bound to it or plugged into it, and the members of the security groups its filtered ports'
 * rules name as remote groups. A port outside all of these changes nothing on the node.
 */
record NodeScope(String hostname, Set<String> networks, Set<String> pluggedPorts, Set<String> remoteGroups) {

    static NodeScope of(NetworkModel model, NodeState node) {
        Set<String> networks = new HashSet<>();
        Set<String> plugged = new HashSet<>();
        Set<String> remoteGroups = new HashSet<>();
        for (ObservedInterface vif : node.vifs(Bridges.INTEGRATION)) {
            plugged.add(vif.ifaceId());
            model.port(vif.ifaceId()).ifPresent(p -> {
                networks.add(p.networkId());
                for (String group : p.securityGroups()) {
                    for (SecurityGroupRule r : model.rulesOf(group)) {
                        if (r.remoteGroupId() != null) {
                            remoteGroups.add(r.remoteGroupId());
                        }
                    }
                }
            });
        }
        networks.addAll(NodeRouters.routedFrom(model, Set.copyOf(networks), node.hostname()));
        return new NodeScope(node.hostname(), Set.copyOf(networks), Set.copyOf(plugged), Set.copyOf(remoteGroups));
    }

    /** Whether this version of a port (null: none) can matter to the node. */
    boolean touchedBy(Port p) {
        if (p == null) {
            return false;
        }
        return networks.contains(p.networkId())
                || hostname.equals(p.bindingHostId())
                || pluggedPorts.contains(p.id())
                || p.securityGroups().stream().anyMatch(remoteGroups::contains);
    }

    boolean touchedBy(ModelChange.PortChange c) {
        return touchedBy(c.before()) || touchedBy(c.after());
    }
}
