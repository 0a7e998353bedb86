package dev.muon.controller.l3;

import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.DatapathIds;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.util.Map;
import java.util.Optional;

/** The Neutron port plugged on an OpenFlow port of a node's br-int, as OVSDB reports it (as DHCP finds its client). */
final class VifPorts {
    private VifPorts() {
    }

    static Optional<Port> at(Map<String, NodeState> nodes, long dpid, int ofport, NetworkModel model) {
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
