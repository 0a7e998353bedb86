package dev.muon.controller.reconcile;

import dev.muon.pipeline.compile.CompileInput;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.compile.NodeTopology;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.node.NodeState;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Every node's desired state as a pass would have pushed it, all bridges in sync (local VLANs 1, 2, ... in network order). */
final class Compiled {
    private Compiled() {
    }

    static Map<String, PushedState> all(NetworkModel model, Map<String, NodeState> nodes) {
        Map<String, PushedState> out = new HashMap<>();
        for (NodeState node : nodes.values()) {
            Map<String, Integer> vlans = new TreeMap<>();
            for (String net : new java.util.TreeSet<>(NodeTopology.networksNeedingLocalVlan(model, node))) {
                vlans.put(net, vlans.size() + 1);
            }
            DesiredState d = compile(model, nodes, node.hostname(), vlans);
            out.put(node.hostname(), new PushedState(d, d.flows().keySet()));   // every bridge holds its flows
        }
        return out;
    }

    private static DesiredState compile(NetworkModel model, Map<String, NodeState> nodes, String host,
                                                 Map<String, Integer> vlans) {
        return dev.muon.pipeline.compile.PipelineCompiler.compile(
                new CompileInput(model, nodes, host, vlans, "tcp:127.0.0.1:6653"));
    }
}
