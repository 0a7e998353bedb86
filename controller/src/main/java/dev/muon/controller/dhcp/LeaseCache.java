package dev.muon.controller.dhcp;

import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.onlab.packet.MacAddress;

/**
 * Each port's lease, MAC and reply options, worked out once per model snapshot rather than once
 * per request: a VM that retries, or many that boot at once, cost a map lookup. A new snapshot
 * (any committed change) starts an empty cache, so an answer never lags the model.
 */
final class LeaseCache {
    /** What DHCP serves the port (empty: nothing), and its MAC as bytes, to compare with chaddr. */
    record Entry(Optional<ServedPort> served, byte[] mac) {
    }

    private record Generation(NetworkModel model, Map<String, Entry> byPort) {
    }

    private final BiFunction<DhcpLease, ExtraOptions, byte[]> configuration;
    private volatile Generation current = new Generation(null, Map.of());

    /** @param configuration the options a lease's every reply carries, given the port's extra options */
    LeaseCache(BiFunction<DhcpLease, ExtraOptions, byte[]> configuration) {
        this.configuration = configuration;
    }

    Entry of(NetworkModel model, Port port) {
        Generation g = current;
        if (g.model() != model) {   // the same snapshot, not an equal one
            g = new Generation(model, new ConcurrentHashMap<>());
            current = g;
        }
        return g.byPort().computeIfAbsent(port.id(), id -> new Entry(
                DhcpLease.of(model, port).map(l -> served(l, ExtraOptions.of(port.id(), port.extraDhcpOpts()))),
                MacAddress.valueOf(port.macAddress()).toBytes()));
    }

    private ServedPort served(DhcpLease l, ExtraOptions extra) {
        return new ServedPort(l, l.address().toInt(), l.serverAddress().toInt(), configuration.apply(l, extra),
                extra.nextServer());
    }
}
