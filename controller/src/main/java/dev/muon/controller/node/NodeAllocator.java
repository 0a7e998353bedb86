package dev.muon.controller.node;

import dev.muon.controller.store.NodeAllocation;
import dev.muon.controller.store.NodeAllocations;
import dev.muon.controller.store.StoreConflictException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Numbers a node's flows depend on, one per item (a network, a router), allocated per node from a
 * range, lowest free number first, and kept in the model database: every controller on that
 * database computes the same flows, and a restart changes no number on any node. One instance per
 * kind of allocation (local VLANs are the first; per-node DVR MACs and router conntrack zones will
 * follow).
 *
 * <p>A node's allocations are read from the database once, then known here; a change is written
 * before {@link #ensure} returns, so it is durable before any flow that uses it is pushed. Should
 * another controller on the same database have changed the node's pool meanwhile, the database
 * refuses the write and the pool is read again.
 */
public final class NodeAllocator {
    /** Two controllers racing for one node's pool settle in one retry; more means something else is wrong. */
    private static final int ATTEMPTS = 3;

    private final NodeAllocations storage;
    private final String kind;
    private final long min;
    private final long max;
    /** Per node, its allocations as last read from or written to the database. */
    private final Map<String, Map<String, Long>> known = new HashMap<>();

    /** Allocates {@code kind} numbers from {@code min..max} (inclusive) on each node. */
    public NodeAllocator(NodeAllocations storage, String kind, long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range " + min + ".." + max + " for " + kind);
        }
        this.storage = storage;
        this.kind = kind;
        this.min = min;
        this.max = max;
    }

    /**
     * Releases the numbers of the items that no longer {@code exist}, gives every {@code needed}
     * item a number (in item order, each the lowest free one), and returns the node's allocations,
     * item → number, once they are durable.
     *
     * @throws IllegalStateException if the node's range is exhausted
     */
    public synchronized Map<String, Long> ensure(String node, Set<String> needed, Predicate<String> exists) {
        for (int attempt = 1; ; attempt++) {
            Map<String, Long> current = known.computeIfAbsent(node, n -> new TreeMap<>(storage.read(kind, n)));
            List<NodeAllocation> released = new ArrayList<>();
            current.forEach((item, number) -> {
                if (!exists.test(item)) {
                    released.add(new NodeAllocation(kind, node, item, number));
                }
            });
            Map<String, Long> next = new TreeMap<>(current);
            released.forEach(a -> next.remove(a.item()));
            List<NodeAllocation> added = new ArrayList<>();
            Set<Long> used = new HashSet<>(next.values());
            for (String item : new TreeSet<>(needed)) {
                if (!next.containsKey(item)) {
                    long number = firstFree(node, used);
                    used.add(number);
                    next.put(item, number);
                    added.add(new NodeAllocation(kind, node, item, number));
                }
            }
            if (released.isEmpty() && added.isEmpty()) {
                return Map.copyOf(current);
            }
            try {
                storage.write(released, added);
            } catch (StoreConflictException e) {
                known.remove(node);
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                continue;
            }
            known.put(node, next);
            return Map.copyOf(next);
        }
    }

    private long firstFree(String node, Set<Long> used) {
        for (long n = min; n <= max; n++) {
            if (!used.contains(n)) {
                return n;
            }
        }
        throw new IllegalStateException("no free " + kind + " left on node " + node + " (" + min + ".." + max + ")");
    }
}
