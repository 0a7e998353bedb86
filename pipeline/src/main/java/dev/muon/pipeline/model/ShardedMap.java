package dev.muon.pipeline.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable map by string key, split by hash into shards, so that a copy with one entry
 * added, replaced or removed copies one shard and the array of shards rather than every entry:
 * a snapshot per write stays cheap with 100k ports. Copies share their untouched shards, each an
 * immutable {@link Map#copyOf} (compact: an array, no entry objects). Iteration order is
 * unspecified, as {@link Map#copyOf}'s.
 */
final class ShardedMap<V> extends AbstractMap<String, V> {
    private static final int SHARDS = 256;
    private static final ShardedMap<?> EMPTY = new ShardedMap<>(emptyShards(), 0);

    private final Map<String, V>[] shards;
    private final int size;
    private Set<Entry<String, V>> entries;

    private ShardedMap(Map<String, V>[] shards, int size) {
        this.shards = shards;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <V> ShardedMap<V> empty() {
        return (ShardedMap<V>) EMPTY;
    }

    /** {@code map} itself if it is one already, else an immutable copy. */
    @SuppressWarnings("unchecked")
    static <V> ShardedMap<V> copyOf(Map<String, ? extends V> map) {
        if (map instanceof ShardedMap<?> sharded) {
            return (ShardedMap<V>) sharded;
        }
        if (map.isEmpty()) {
            return empty();
        }
        Map<String, V>[] split = new Map[SHARDS];
        map.forEach((k, v) -> {
            int i = shard(k);
            if (split[i] == null) {
                split[i] = new HashMap<>();
            }
            split[i].put(k, v);
        });
        Map<String, V>[] shards = emptyShards();
        for (int i = 0; i < SHARDS; i++) {
            if (split[i] != null) {
                shards[i] = Map.copyOf(split[i]);
            }
        }
        return new ShardedMap<>(shards, map.size());
    }

    /** A copy with {@code key} mapped to {@code value}. */
    ShardedMap<V> with(String key, V value) {
        int i = shard(key);
        Map<String, V> old = shards[i];
        Map<String, V> changed = new HashMap<>(old);
        boolean added = changed.put(key, value) == null;
        return replace(i, changed, added ? size + 1 : size);
    }

    /** A copy without {@code key}; this map if it has none. */
    ShardedMap<V> without(String key) {
        int i = shard(key);
        if (!shards[i].containsKey(key)) {
            return this;
        }
        Map<String, V> changed = new HashMap<>(shards[i]);
        changed.remove(key);
        return replace(i, changed, size - 1);
    }

    private ShardedMap<V> replace(int i, Map<String, V> shard, int newSize) {
        Map<String, V>[] copy = Arrays.copyOf(shards, SHARDS);
        copy[i] = Map.copyOf(shard);
        return new ShardedMap<>(copy, newSize);
    }

    /**
     * Calls {@code visitor} with each shard of this map and the same shard of {@code other}
     * unless both are the very same (shared, hence equal): what a diff between two copies of one
     * map needs to look at.
     */
    void forEachDifferentShard(ShardedMap<V> other, ShardVisitor<V> visitor) {
        for (int i = 0; i < SHARDS; i++) {
            if (shards[i] != other.shards[i]) {
                visitor.visit(shards[i], other.shards[i]);
            }
        }
    }

    @FunctionalInterface
    interface ShardVisitor<V> {
        void visit(Map<String, V> mine, Map<String, V> theirs);
    }

    private static int shard(Object key) {
        int h = key.hashCode();
        return (h ^ (h >>> 8) ^ (h >>> 16)) & (SHARDS - 1);
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V>[] emptyShards() {
        Map<String, V>[] shards = new Map[SHARDS];
        Arrays.fill(shards, Map.of());
        return shards;
    }

    @Override
    public V get(Object key) {
        return key == null ? null : shards[shard(key)].get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return key != null && shards[shard(key)].containsKey(key);
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super V> action) {
        if (size > 0) {
            for (Map<String, V> shard : shards) {
                shard.forEach(action);
            }
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        Set<Entry<String, V>> e = entries;
        if (e == null) {
            entries = e = new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, V>> iterator() {
                    return size == 0 ? Collections.emptyIterator() : new Entries();
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
        return e;
    }

    /** Shard after shard. */
    private final class Entries implements Iterator<Entry<String, V>> {
        private int next;
        private Iterator<Entry<String, V>> current = Map.<String, V>of().entrySet().iterator();

        @Override
        public boolean hasNext() {
            while (!current.hasNext()) {
                while (next < SHARDS && shards[next].isEmpty()) {
                    next++;
                }
                if (next == SHARDS) {
                    return false;
                }
                current = shards[next++].entrySet().iterator();
            }
            return true;
        }

        @Override
        public Entry<String, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }
    }
}
