package dev.muon.controller.node;

import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.DatapathIds;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.util.Map;
import java.util.Optional;

/**
 * The Neutron port plugged on an OpenFlow port of a node's br-int, as OVSDB reports it: how a
 * packet-in's sender is found (DHCP's client, the VM a router answers with an ICMP error).
 */
public final class VifPorts {
    private VifPorts() {
    }

    public static Optional<Port> at(Map<String, NodeState> nodes, long dpid, int ofport, NetworkModel model) {
        for (NodeState node : nodes.values()) {
            if (node.hostname() != null && DatapathIds.of(node.hostname(), Bridges.INTEGRATION) == dpid) {
                return node.vifs(Bridges.INTEGRATION).stream()
                        .filter(i -> i.hasOfport() && i.ofport() == ofport)
                        .map(ObservedInterface::ifaceId)
                        .findFirst()
                        .flatMap(model::port);
            }
        }
        return Optional.empty();
    }
}
