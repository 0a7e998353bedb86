package dev.muon.controller.node;

import dev.muon.controller.store.NodeAllocations;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Local VLANs per (node, network), 1..4094, as Neutron's agent keeps them, but stable across
 * controller restarts and the same for every controller on one database: they are node
 * allocations in the model store, so a restart recomputes exactly the tags and flows the nodes
 * already have and changes nothing on the wire.
 */
public final class LocalVlanAllocator {
    /** The kind of these allocations in the model store. */
    public static final String KIND = "local-vlan";
    private static final int MIN = 1;
    private static final int MAX = 4094;

    private final NodeAllocator allocator;

    public LocalVlanAllocator(NodeAllocations storage) {
        this.allocator = new NodeAllocator(storage, KIND, MIN, MAX);
    }

    /**
     * The allocator on {@code storage}, after importing the {@code local-vlans.json} an older Muon
     * kept in {@code dataDir} (see {@link LegacyNodeFiles}).
     */
    public static LocalVlanAllocator open(NodeAllocations storage, Path dataDir) {
        LegacyNodeFiles.importLocalVlans(dataDir, storage);
        return new LocalVlanAllocator(storage);
    }

    /**
     * Gives every needed network a VLAN on the node (the lowest free one), frees VLANs of networks
     * that no longer exist, and returns the node's map once it is durable.
     */
    public Map<String, Integer> ensure(String host, Set<String> needed, Set<String> existingNetworks) {
        Map<String, Integer> vlans = new TreeMap<>();
        allocator.ensure(host, needed, existingNetworks::contains)
                .forEach((network, vlan) -> vlans.put(network, Math.toIntExact(vlan)));
        return Map.copyOf(vlans);
    }
}
