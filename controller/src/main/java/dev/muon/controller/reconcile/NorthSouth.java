package dev.muon.controller.reconcile;

import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.node.NodeState;
import java.util.Map;

/**
 * What a pass needs from north–south services: routers' SNAT placed on live network nodes
 * before compiling, the upstream routers' MACs to compile with, and, after the pass, what each
 * node now serves on external networks (for ARP).
 */
public interface NorthSouth {
    NorthSouth NONE = new NorthSouth() {
        @Override
        public NetworkModel place(NetworkModel snapshot, Map<String, NodeState> nodes) {
            return snapshot;
        }

        @Override
        public Map<String, String> upstreamMacs() {
            return Map.of();
        }

        @Override
        public void passed(Map<String, DesiredState> desired, Map<String, PushedState> pushed) {
        }
    };

    /** Places (or fails over) routers' SNAT; returns the model to compile, with any placement written. */
    NetworkModel place(NetworkModel snapshot, Map<String, NodeState> nodes);

    /** External subnet id → its upstream router's MAC. */
    Map<String, String> upstreamMacs();

    /** After a pass: what each node was compiled to serve and what got onto it. */
    void passed(Map<String, DesiredState> desired, Map<String, PushedState> pushed);
}
