package dev.muon.pipeline.compile;

import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.node.NodeState;
import java.util.Map;

/**
 * Everything the compiler needs for one node.
 *
 * @param nodes            every connected node with a declared config, by hostname
 * @param hostname         the node to compile for
 * @param localVlans       network id → local VLAN on this node (allocated and persisted by
 *                         the controller; networks without one get no flows yet)
 * @param controllerTarget the OpenFlow target to write into bridges unless the node overrides it
 */
public record CompileInput(
        NetworkModel model,
        Map<String, NodeState> nodes,
        String hostname,
        Map<String, Integer> localVlans,
        String controllerTarget) {

    public CompileInput {
        nodes = Map.copyOf(nodes);
        localVlans = Map.copyOf(localVlans);
    }

    public NodeState node() {
        NodeState n = nodes.get(hostname);
        if (n == null || n.config() == null) {
            throw new IllegalArgumentException("unknown node " + hostname);
        }
        return n;
    }
}
