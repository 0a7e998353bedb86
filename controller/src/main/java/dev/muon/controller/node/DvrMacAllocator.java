package dev.muon.controller.node;

import dev.muon.controller.store.NodeAllocations;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Each node's DVR MAC, as Neutron's DVR gives one to every host ({@code fa:16:3f:…}, from
 * dvr_base_mac): a routed frame leaves a node with it as source, so a router interface MAC,
 * which every node shares, never appears on the underlay or a provider wire. Unique in the
 * cloud (one pool for all nodes, lowest free first), stable across restarts and the same for
 * every controller (node allocations in the model store); a node's MAC is freed once the node
 * has left (past its grace period), never while it is briefly away.
 */
public final class DvrMacAllocator {
    /** The kind of these allocations in the model store. */
    public static final String KIND = "dvr-mac";
    /** Every node draws from one pool: a DVR MAC must differ between nodes. */
    static final String POOL = "*";
    private static final long MIN = 1;
    private static final long MAX = 0xfffffe;

    private final NodeAllocator allocator;

    public DvrMacAllocator(NodeAllocations storage) {
        this.allocator = new NodeAllocator(storage, KIND, MIN, MAX);
    }

    /** Gives every node of {@code nodes} its MAC (freeing those of nodes that left) and returns host → MAC, once durable. */
    public Map<String, String> ensure(Set<String> nodes) {
        Map<String, String> out = new TreeMap<>();
        allocator.ensure(POOL, nodes, nodes::contains).forEach((host, n) -> out.put(host, mac(n)));
        return Map.copyOf(out);
    }

    /** {@code fa:16:3f} followed by the 24-bit number, as Neutron's dvr_base_mac. */
    static String mac(long n) {
        return String.format("fa:16:3f:%02x:%02x:%02x", n >> 16 & 0xff, n >> 8 & 0xff, n & 0xff);
    }
}
