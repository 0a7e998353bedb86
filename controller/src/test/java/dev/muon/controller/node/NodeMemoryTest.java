package dev.muon.controller.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeRole;
import dev.muon.pipeline.node.NodeState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeMemoryTest {
    private static final Duration GRACE = Duration.ofSeconds(30);

    /** A clock the test moves. */
    private static final class Hands extends Clock {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static NodeState node(String host, String ip) {
        NodeConfig cfg = new NodeConfig(host, ip, NodeRole.COMPUTE, Map.of("physnet1", "br-eth1"), "netdev", null);
        return new NodeState("c-" + host, cfg, Set.of("br-int"), List.of());
    }

    @Test
    void aNodeAwayLessThanTheGracePeriodIsStillPresentThenItHasLeft() throws Exception {
        Path dir = Files.createTempDirectory("muon-nodes");
        Hands clock = new Hands();
        NodeMemory memory = NodeMemory.open(dir, GRACE, clock);
        NodeState n1 = node("node1", "192.168.1.11");
        NodeState n2 = node("node2", "192.168.1.12");
        assertEquals(Set.of("node1", "node2"), memory.present(Map.of("node1", n1, "node2", n2)).keySet());

        clock.now = clock.now.plusSeconds(1);
        Map<String, NodeState> present = memory.present(Map.of("node1", n1));
        assertEquals(n2.config(), present.get("node2").config(), "node2 is away, still present with its config");
        assertEquals(List.of(), present.get("node2").interfaces());
        assertNull(present.get("node2").connectionId());

        clock.now = clock.now.plusSeconds(29);
        assertEquals(Set.of("node1", "node2"), memory.present(Map.of("node1", n1)).keySet());
        clock.now = clock.now.plusSeconds(1);
        assertEquals(Set.of("node1"), memory.present(Map.of("node1", n1)).keySet(), "30 s away: it has left");
        assertEquals(Set.of("node1"), NodeMemory.open(dir, GRACE, clock).present(Map.of()).keySet());
    }

    @Test
    void aRestartedControllerKnowsTheNodesOfTheOneBeforeUntilTheyReturnOrTheGraceEnds() throws Exception {
        Path dir = Files.createTempDirectory("muon-nodes");
        Hands clock = new Hands();
        NodeState n1 = node("node1", "192.168.1.11");
        NodeState n2 = node("node2", "192.168.1.12");
        NodeMemory.open(dir, GRACE, clock).present(Map.of("node1", n1, "node2", n2));

        NodeMemory restarted = NodeMemory.open(dir, GRACE, clock);
        clock.now = clock.now.plusSeconds(600);   // however long the controller was down
        assertEquals(Set.of("node1", "node2"), restarted.present(Map.of("node1", n1)).keySet(),
                "node2 has not reconnected yet");
        clock.now = clock.now.plusSeconds(5);
        assertEquals(n2, restarted.present(Map.of("node1", n1, "node2", n2)).get("node2"), "back, connected");
        clock.now = clock.now.plusSeconds(60);
        assertEquals(Set.of("node1", "node2"), restarted.present(Map.of("node1", n1, "node2", n2)).keySet());
    }
}
