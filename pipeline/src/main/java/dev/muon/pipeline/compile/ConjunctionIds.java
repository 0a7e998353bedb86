package dev.muon.pipeline.compile;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Conjunction ids for remote-group rules, one per (group, remote group, direction, ethertype,
 * stateful) on a node. An id is a hash of that key, so it stays the same while other groups come
 * and go (a member joining or a rule added elsewhere changes no other flow); a collision takes the
 * next free number, in the order keys are asked for, which the compiler keeps deterministic.
 */
final class ConjunctionIds {
    private final Map<String, Long> ids = new HashMap<>();
    private final Set<Long> used = new HashSet<>();

    long of(String key) {
        Long known = ids.get(key);
        if (known != null) {
            return known;
        }
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        long id = crc.getValue() & 0x7fffffffL;
        while (id == 0 || used.contains(id)) {
            id = (id + 1) & 0x7fffffffL;
        }
        used.add(id);
        ids.put(key, id);
        return id;
    }
}
