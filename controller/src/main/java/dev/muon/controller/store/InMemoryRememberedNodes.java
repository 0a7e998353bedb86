package dev.muon.controller.store;

import dev.muon.pipeline.node.NodeConfig;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Remembered nodes in memory only: for tests and throw-away runs. */
final class InMemoryRememberedNodes implements RememberedNodes {
    private final Map<String, NodeConfig> nodes = new TreeMap<>();

    @Override
    public synchronized Map<String, NodeConfig> load() {
        return Map.copyOf(nodes);
    }

    @Override
    public synchronized void save(Map<String, NodeConfig> changed, Set<String> forgotten) {
        nodes.keySet().removeAll(forgotten);
        nodes.putAll(changed);
    }
}
