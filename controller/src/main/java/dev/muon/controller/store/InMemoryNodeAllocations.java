package dev.muon.controller.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Node allocations in memory only, with the same rules as the database's: for tests and throw-away runs. */
final class InMemoryNodeAllocations implements NodeAllocations {
    private record Pool(String kind, String node) {
    }

    private final Map<Pool, Map<String, Long>> pools = new HashMap<>();

    @Override
    public synchronized Map<String, Long> read(String kind, String node) {
        return Map.copyOf(pools.getOrDefault(new Pool(kind, node), Map.of()));
    }

    @Override
    public synchronized boolean isEmpty(String kind) {
        return pools.entrySet().stream().noneMatch(e -> e.getKey().kind().equals(kind) && !e.getValue().isEmpty());
    }

    @Override
    public synchronized void write(Collection<NodeAllocation> released, Collection<NodeAllocation> added) {
        // Checked on copies first, so that a refused write leaves nothing behind.
        Map<Pool, Map<String, Long>> next = new HashMap<>();
        pools.forEach((pool, items) -> next.put(pool, new TreeMap<>(items)));
        for (NodeAllocation a : released) {
            Map<String, Long> items = next.get(new Pool(a.kind(), a.node()));
            if (items == null || !Objects.equals(items.get(a.item()), a.number())) {
                throw new StoreConflictException(a + " is not allocated");
            }
            items.remove(a.item());
        }
        for (NodeAllocation a : added) {
            Map<String, Long> items = next.computeIfAbsent(new Pool(a.kind(), a.node()), p -> new TreeMap<>());
            if (items.containsKey(a.item()) || items.containsValue(a.number())) {
                throw new StoreConflictException(a + " collides with " + List.copyOf(items.entrySet()));
            }
            items.put(a.item(), a.number());
        }
        pools.clear();
        pools.putAll(next);
    }
}
