package dev.muon.controller.dhcp;

import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.onlab.packet.MacAddress;

/**
 * Each port's lease and MAC, computed once per model snapshot rather than once per request: a
 * VM that retries, or many that boot at once, cost a map lookup. A new snapshot (any committed
 * change) starts an empty cache, so an answer never lags the model.
 */
final class LeaseCache {
    /** A port's lease (empty: it gets none) and its MAC as bytes, to compare with chaddr. */
    record Entry(Optional<DhcpLease> lease, byte[] mac) {
    }

    private record Generation(NetworkModel model, Map<String, Entry> byPort) {
    }

    private volatile Generation current = new Generation(null, Map.of());

    Entry of(NetworkModel model, Port port) {
        Generation g = current;
        if (g.model() != model) {   // the same snapshot, not an equal one
            g = new Generation(model, new ConcurrentHashMap<>());
            current = g;
        }
        return g.byPort().computeIfAbsent(port.id(),
                id -> new Entry(DhcpLease.of(model, port), MacAddress.valueOf(port.macAddress()).toBytes()));
    }
}
