package dev.muon.pipeline.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class ShardedMapTest {

    @Test
    void behavesAsAMapThroughRandomChanges() {
        Random random = new Random(7);
        Map<String, Integer> expected = new HashMap<>();
        ShardedMap<Integer> map = ShardedMap.empty();
        for (int i = 0; i < 5000; i++) {
            String key = "k" + random.nextInt(1500);
            if (random.nextInt(3) == 0) {
                expected.remove(key);
                map = map.without(key);
            } else {
                expected.put(key, i);
                map = map.with(key, i);
            }
        }
        assertEquals(expected, map);
        assertEquals(map, expected);
        assertEquals(expected.hashCode(), map.hashCode());
        assertEquals(expected.size(), map.size());
        assertEquals(expected.size(), new ArrayList<>(map.values()).size());
        assertEquals(expected, ShardedMap.copyOf(expected));
        assertNull(map.get("absent"));
        assertNull(map.get(null));
    }

    @Test
    void copiesShareWhatTheyDidNotChange() {
        Map<String, Integer> start = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            start.put("k" + i, i);
        }
        ShardedMap<Integer> before = ShardedMap.copyOf(start);
        assertSame(before, ShardedMap.copyOf(before));
        assertSame(before, before.without("absent"));
        ShardedMap<Integer> after = before.with("k1", -1).without("k2").with("new", 5);
        List<String> seen = new ArrayList<>();
        after.forEachDifferentShard(before, (mine, theirs) -> seen.add(mine.size() + "/" + theirs.size()));
        // only the shards of k1, k2 and new differ (maybe fewer: two keys may share a shard)
        assertEquals(true, seen.size() >= 1 && seen.size() <= 3, seen.toString());
    }
}
