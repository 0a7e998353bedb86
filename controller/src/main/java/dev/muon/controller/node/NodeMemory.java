package dev.muon.controller.node;

import dev.muon.controller.store.RememberedNodes;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes Muon has seen, so that one that is briefly away (a controller restart, before
 * the node has reconnected; an OVSDB reconnect) still counts as present: the other nodes
 * keep their tunnels to it and their flows for its ports, and no packet is lost. A node
 * away for longer than the grace period has left, and the next pass removes it everywhere.
 * Kept in the model store ({@link RememberedNodes}), so a controller started on the same
 * database knows the nodes of the one before. When a node went away is not kept: a restarted
 * controller gives every node it remembers a full grace period from its own start.
 */
public final class NodeMemory {
    private static final Logger LOG = LoggerFactory.getLogger(NodeMemory.class);

    private final RememberedNodes storage;
    private final Duration grace;
    private final Clock clock;
    /** What the store holds, as this controller last read or wrote it. */
    private final Map<String, NodeConfig> configs;
    private final Map<String, Instant> awaySince = new HashMap<>();

    private NodeMemory(RememberedNodes storage, Duration grace, Clock clock) {
        this.storage = storage;
        this.grace = grace;
        this.clock = clock;
        this.configs = new TreeMap<>(storage.load());
    }

    /** The memory kept in {@code storage}. */
    public static NodeMemory open(RememberedNodes storage, Duration grace, Clock clock) {
        return new NodeMemory(storage, grace, clock);
    }

    /**
     * The memory kept in {@code storage}, after importing the {@code nodes.json} an older Muon
     * kept in {@code dataDir} (see {@link LegacyNodeFiles}).
     */
    public static NodeMemory open(RememberedNodes storage, Path dataDir, Duration grace, Clock clock) {
        LegacyNodeFiles.importNodes(dataDir, storage);
        return open(storage, grace, clock);
    }

    /** Every node remembered now (connected or away less than the grace period), hostname → last configuration. */
    public synchronized Map<String, NodeConfig> remembered() {
        return Map.copyOf(configs);
    }

    /**
     * Forgets an away node now, as if its grace period had run out (an operator deleted its
     * agent); a connected node is remembered again at the next pass.
     */
    public synchronized void forget(String hostname) {
        if (configs.containsKey(hostname)) {
            storage.save(Map.of(), Set.of(hostname));
            configs.remove(hostname);
            awaySince.remove(hostname);
            LOG.info("node {} forgotten: its agent was deleted", hostname);
        }
    }

    /**
     * The connected nodes, plus each remembered node away for less than the grace period,
     * as its last configuration with no bridges or interfaces (nothing is applied to it).
     * What changed is stored before this returns, so before any flow computed from it is pushed;
     * if storing fails, nothing changes here either and the next call tries again.
     */
    public synchronized Map<String, NodeState> present(Map<String, NodeState> connected) {
        Instant now = clock.instant();
        Map<String, NodeConfig> changed = new TreeMap<>();
        for (NodeState n : connected.values()) {
            awaySince.remove(n.hostname());
            if (!n.config().equals(configs.get(n.hostname()))) {
                changed.put(n.hostname(), n.config());
            }
        }
        Set<String> left = new TreeSet<>();
        Map<String, NodeState> out = new TreeMap<>(connected);
        for (Map.Entry<String, NodeConfig> e : configs.entrySet()) {
            String host = e.getKey();
            if (connected.containsKey(host)) {
                continue;
            }
            Instant since = awaySince.computeIfAbsent(host, h -> now);
            if (Duration.between(since, now).compareTo(grace) >= 0) {
                left.add(host);
            } else {
                out.put(host, new NodeState(null, e.getValue(), Set.of(), List.of()));
            }
        }
        if (!changed.isEmpty() || !left.isEmpty()) {
            storage.save(changed, left);
            configs.putAll(changed);
            for (String host : left) {
                LOG.info("node {} away for {} s: it has left", host, grace.toSeconds());
                configs.remove(host);
                awaySince.remove(host);
            }
        }
        return out;
    }
}
