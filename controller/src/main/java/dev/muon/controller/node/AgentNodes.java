package dev.muon.controller.node;

import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The nodes to show as agents: the connected ones (registry) and the remembered ones away for now (memory). */
public final class AgentNodes implements Supplier<List<AgentNode>> {
    private final NodeRegistry registry;
    private final NodeMemory memory;

    public AgentNodes(NodeRegistry registry, NodeMemory memory) {
        this.registry = registry;
        this.memory = memory;
    }

    @Override
    public List<AgentNode> get() {
        Map<String, NodeState> connected = registry.nodeStates();
        Map<String, NodeConfig> known = new TreeMap<>(memory.remembered());
        connected.forEach((host, state) -> known.put(host, state.config()));
        List<AgentNode> out = new ArrayList<>();
        known.forEach((host, config) -> {
            NodeState state = connected.get(host);
            boolean alive = state != null && registry.switchOf(host, Bridges.INTEGRATION)
                    .map(OpenFlowSwitch::isConnected).orElse(false);
            out.add(new AgentNode(host, config, alive, state == null ? null : registry.connectedSince(host).orElse(null),
                    registry.lastSeen(host).orElse(null), state == null ? 0 : state.vifs(Bridges.INTEGRATION).size()));
        });
        return out;
    }
}
