package dev.muon.controller.store;

import dev.muon.pipeline.node.NodeConfig;

import java.util.Map;
import java.util.Set;

/**
 * Where the nodes a controller has seen are remembered, each with its last configuration: beside
 * the model, in the same storage, so that a controller started on it knows the nodes of the one before.
 */
public interface RememberedNodes {

    /** Every remembered node, hostname → its last configuration. */
    Map<String, NodeConfig> load();

    /** Remembers {@code changed} (hostname → configuration) and forgets {@code forgotten}, all or nothing, durably. */
    void save(Map<String, NodeConfig> changed, Set<String> forgotten);
}
