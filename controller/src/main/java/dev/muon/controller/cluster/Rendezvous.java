package dev.muon.controller.cluster;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Optional;

/**
 * Highest-random-weight (rendezvous) hashing: a node belongs to the live instance whose hash
 * with it is highest. Every instance computes the same answer from the same list of live
 * instances, with no coordination; an instance that joins takes about 1/n of the nodes, one
 * that leaves gives away only its own.
 */
public final class Rendezvous {
    private Rendezvous() {
    }

    /** The instance that should program {@code node}; empty when no instance is live. */
    public static Optional<String> owner(String node, Collection<String> liveInstances) {
        String best = null;
        long bestWeight = 0;
        for (String instance : liveInstances) {
            long w = weight(node, instance);
            // ties (practically impossible) go to the smaller id, so every instance agrees
            if (best == null || w > bestWeight || (w == bestWeight && instance.compareTo(best) < 0)) {
                best = instance;
                bestWeight = w;
            }
        }
        return Optional.ofNullable(best);
    }

    static long weight(String node, String instance) {
        return Hashing.murmur3_128().newHasher()
                .putString(node, StandardCharsets.UTF_8).putByte((byte) 0)
                .putString(instance, StandardCharsets.UTF_8)
                .hash().asLong();
    }
}
