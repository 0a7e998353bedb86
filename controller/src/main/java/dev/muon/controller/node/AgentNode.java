package dev.muon.controller.node;

import dev.muon.pipeline.node.NodeConfig;

import java.time.Instant;

/**
 * A node Muon knows, as its agent shows it: connected, or remembered while it is away.
 *
 * @param alive     its OVSDB connection and its br-int's OpenFlow connection are both up
 * @param startedAt when its OVSDB connection came up; null when it is away
 * @param lastSeen  when its OVSDB connection went down; null if this controller never saw it go
 * @param devices   VIFs plugged on its br-int (0 when away)
 */
public record AgentNode(String hostname, NodeConfig config, boolean alive, Instant startedAt, Instant lastSeen,
                        int devices) {
}
