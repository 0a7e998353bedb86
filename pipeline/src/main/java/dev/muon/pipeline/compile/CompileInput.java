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
 * @param dvrMacs          hostname → the node's DVR MAC ({@code fa:16:3f:…}), for every node that has
 *                         one; a node without its own routes nothing
 * @param routerNumbers    router id → its number (reg4 in the pipeline), cloud-wide; a router
 *                         without one gets no flows yet
 * @param upstreamMacs     external subnet id → the MAC of its gateway (the upstream router), as the
 *                         controller resolved it by ARP; traffic leaves a router's gateway only once known
 * @param dhcpMeter        the rate each VIF's DHCP requests may reach the controller at
 */
public record CompileInput(
        NetworkModel model,
        Map<String, NodeState> nodes,
        String hostname,
        Map<String, Integer> localVlans,
        String controllerTarget,
        Map<String, String> dvrMacs,
        Map<String, Integer> routerNumbers,
        Map<String, String> upstreamMacs,
        DhcpMeter dhcpMeter) {

    public CompileInput {
        java.util.Objects.requireNonNull(dhcpMeter, "dhcpMeter");
        nodes = Map.copyOf(nodes);
        localVlans = Map.copyOf(localVlans);
        dvrMacs = Map.copyOf(dvrMacs);
        routerNumbers = Map.copyOf(routerNumbers);
        upstreamMacs = Map.copyOf(upstreamMacs);
    }

    /** An input with the default DHCP meter. */
    public CompileInput(NetworkModel model, Map<String, NodeState> nodes, String hostname,
                        Map<String, Integer> localVlans, String controllerTarget, Map<String, String> dvrMacs,
                        Map<String, Integer> routerNumbers, Map<String, String> upstreamMacs) {
        this(model, nodes, hostname, localVlans, controllerTarget, dvrMacs, routerNumbers, upstreamMacs,
                DhcpMeter.DEFAULT);
    }

    /** The same input with another DHCP meter. */
    public CompileInput withDhcpMeter(DhcpMeter meter) {
        return new CompileInput(model, nodes, hostname, localVlans, controllerTarget, dvrMacs, routerNumbers,
                upstreamMacs, meter);
    }

    /** An input with no upstream gateway resolved yet: east–west routing only. */
    public CompileInput(NetworkModel model, Map<String, NodeState> nodes, String hostname,
                        Map<String, Integer> localVlans, String controllerTarget, Map<String, String> dvrMacs,
                        Map<String, Integer> routerNumbers) {
        this(model, nodes, hostname, localVlans, controllerTarget, dvrMacs, routerNumbers, Map.of(), DhcpMeter.DEFAULT);
    }

    /** An input with no DVR MACs or router numbers: the L2 pipeline only. */
    public CompileInput(NetworkModel model, Map<String, NodeState> nodes, String hostname,
                        Map<String, Integer> localVlans, String controllerTarget) {
        this(model, nodes, hostname, localVlans, controllerTarget, Map.of(), Map.of(), Map.of(), DhcpMeter.DEFAULT);
    }

    public NodeState node() {
        NodeState n = nodes.get(hostname);
        if (n == null || n.config() == null) {
            throw new IllegalArgumentException("unknown node " + hostname);
        }
        return n;
    }
}
