package dev.muon.controller.node;

import dev.muon.controller.store.NodeAllocations;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Each router's number, cloud-wide: routing flows select a router by it (reg4), and its
 * conntrack zone for NAT will be 4096 + it, above every security-group zone (a local VLAN).
 * Lowest free first, kept in the model store (the same after a restart and for every controller
 * on the database), freed once the router is deleted.
 */
public final class RouterNumberAllocator {
    /** The kind of these allocations in the model store. */
    public static final String KIND = "router";
    /** One pool for every router: a number names one router everywhere. */
    static final String POOL = "*";
    private static final long MIN = 1;
    /** 4096 + MAX stays a 16-bit conntrack zone. */
    private static final long MAX = 0xffff - 4096;

    private final NodeAllocator allocator;

    public RouterNumberAllocator(NodeAllocations storage) {
        this.allocator = new NodeAllocator(storage, KIND, MIN, MAX);
    }

    /** Numbers every router of {@code routers} (freeing those of deleted ones); router id → number, once durable. */
    public Map<String, Integer> ensure(Set<String> routers) {
        Map<String, Integer> out = new TreeMap<>();
        allocator.ensure(POOL, routers, routers::contains).forEach((id, n) -> out.put(id, Math.toIntExact(n)));
        return Map.copyOf(out);
    }
}
