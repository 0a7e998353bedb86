package dev.muon.controller.node;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes Muon has seen, so that one that is briefly away (a controller restart, before
 * the node has reconnected; an OVSDB reconnect) still counts as present: the other nodes
 * keep their tunnels to it and their flows for its ports, and no packet is lost. A node
 * away for longer than the grace period has left, and the next pass removes it everywhere.
 * Persisted in the data dir, so a restarted controller knows the nodes of the one before.
 */
public final class NodeMemory {
    private static final Logger LOG = LoggerFactory.getLogger(NodeMemory.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Duration grace;
    private final Clock clock;
    private final Map<String, NodeConfig> configs;
    private final Map<String, Instant> awaySince = new HashMap<>();

    private NodeMemory(Path file, Duration grace, Clock clock, Map<String, NodeConfig> configs) {
        this.file = file;
        this.grace = grace;
        this.clock = clock;
        this.configs = configs;
    }

    public static NodeMemory open(Path dataDir, Duration grace, Clock clock) {
        Path file = dataDir.resolve("nodes.json");
        try {
            Map<String, NodeConfig> m = new TreeMap<>();
            if (Files.exists(file)) {
                m.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, NodeConfig>>() { }));
            }
            return new NodeMemory(file, grace, clock, m);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The connected nodes, plus each remembered node away for less than the grace period,
     * as its last configuration with no bridges or interfaces (nothing is applied to it).
     */
    public synchronized Map<String, NodeState> present(Map<String, NodeState> connected) {
        Instant now = clock.instant();
        boolean changed = false;
        for (NodeState n : connected.values()) {
            awaySince.remove(n.hostname());
            if (!n.config().equals(configs.put(n.hostname(), n.config()))) {
                changed = true;
            }
        }
        Map<String, NodeState> out = new TreeMap<>(connected);
        for (String host : List.copyOf(configs.keySet())) {
            if (connected.containsKey(host)) {
                continue;
            }
            Instant since = awaySince.computeIfAbsent(host, h -> now);
            if (Duration.between(since, now).compareTo(grace) >= 0) {
                LOG.info("node {} away for {} s: it has left", host, grace.toSeconds());
                configs.remove(host);
                awaySince.remove(host);
                changed = true;
            } else {
                out.put(host, new NodeState(null, configs.get(host), Set.of(), List.of()));
            }
        }
        if (changed) {
            persist();
        }
        return out;
    }

    private void persist() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), configs);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
