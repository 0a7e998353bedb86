package dev.muon.controller.node;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Local VLANs per (node, network), 1..4094, as Neutron's agent keeps them, but stable
 * across controller restarts: they are persisted, so a restart recomputes exactly the
 * tags and flows the nodes already have and changes nothing on the wire.
 */
public final class LocalVlanAllocator {
    private static final int MIN = 1;
    private static final int MAX = 4094;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, Map<String, Integer>> byNode;

    private LocalVlanAllocator(Path file, Map<String, Map<String, Integer>> byNode) {
        this.file = file;
        this.byNode = byNode;
    }

    public static LocalVlanAllocator open(Path dataDir) {
        Path file = dataDir.resolve("local-vlans.json");
        try {
            Map<String, Map<String, Integer>> m = new TreeMap<>();
            if (Files.exists(file)) {
                m.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, TreeMap<String, Integer>>>() { }));
            }
            return new LocalVlanAllocator(file, m);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Gives every needed network a VLAN on the node, frees VLANs of networks that no
     * longer exist, persists if anything changed, and returns the node's map.
     */
    public synchronized Map<String, Integer> ensure(String host, Set<String> needed, Set<String> existingNetworks) {
        Map<String, Integer> vlans = byNode.computeIfAbsent(host, h -> new TreeMap<>());
        boolean changed = vlans.keySet().removeIf(net -> !existingNetworks.contains(net));
        for (String net : needed) {
            if (!vlans.containsKey(net)) {
                vlans.put(net, firstFree(vlans));
                changed = true;
            }
        }
        if (changed) {
            persist();
        }
        return Map.copyOf(vlans);
    }

    private static int firstFree(Map<String, Integer> used) {
        for (int v = MIN; v <= MAX; v++) {
            if (!used.containsValue(v)) {
                return v;
            }
        }
        throw new IllegalStateException("no free local VLAN left on this node");
    }

    private void persist() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), byNode);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
