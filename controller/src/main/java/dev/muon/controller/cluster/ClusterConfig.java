package dev.muon.controller.cluster;

import dev.muon.controller.MuonConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * How this controller shares nodes with the others on its database: its instance id, the lease
 * length, and every controller's OpenFlow target (written on every bridge, so each node connects
 * to all of them and any can take it over).
 */
public record ClusterConfig(String instanceId, Duration lease, String controllerTargets) {

    public static ClusterConfig from(MuonConfig config) {
        String id = config.get("cluster.instance.id");
        if (id.length() > 64) {
            throw new IllegalArgumentException("configuration cluster.instance.id may have at most 64 characters");
        }
        int seconds = config.getInt("cluster.lease.seconds");
        if (seconds < 1) {
            throw new IllegalArgumentException("configuration cluster.lease.seconds must be at least 1, not " + seconds);
        }
        String targets = Arrays.stream(config.get("cluster.controller.targets").split(","))
                .map(String::trim).filter(t -> !t.isEmpty()).distinct().collect(Collectors.joining(","));
        return new ClusterConfig(id.isEmpty() ? UUID.randomUUID().toString() : id, Duration.ofSeconds(seconds),
                targets.isEmpty() ? config.controllerTarget() : targets);
    }
}
