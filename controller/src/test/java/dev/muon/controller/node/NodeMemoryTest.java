package dev.muon.controller.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muon.controller.store.ModelStore;
import dev.muon.controller.store.RememberedNodes;
import dev.muon.controller.store.StoreException;
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
import org.junit.jupiter.api.io.TempDir;

class NodeMemoryTest {
    private static final Duration GRACE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

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
    void aNodeAwayLessThanTheGracePeriodIsStillPresentThenItHasLeft() {
        Hands clock = new Hands();
        NodeState n1 = node("node1", "192.168.1.11");
        NodeState n2 = node("node2", "192.168.1.12");
        try (ModelStore store = ModelStore.open(dir)) {
            NodeMemory memory = NodeMemory.open(store.rememberedNodes(), GRACE, clock);
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
        }
        try (ModelStore reopened = ModelStore.open(dir)) {
            assertEquals(Set.of("node1"), NodeMemory.open(reopened.rememberedNodes(), GRACE, clock)
                    .present(Map.of()).keySet(), "forgotten in the store too");
        }
    }

    @Test
    void aRestartedControllerKnowsTheNodesOfTheOneBeforeUntilTheyReturnOrTheGraceEnds() {
        Hands clock = new Hands();
        NodeState n1 = node("node1", "192.168.1.11");
        NodeState n2 = node("node2", "192.168.1.12");
        try (ModelStore store = ModelStore.open(dir)) {
            NodeMemory.open(store.rememberedNodes(), GRACE, clock).present(Map.of("node1", n1, "node2", n2));
        }
        try (ModelStore store = ModelStore.open(dir)) {
            NodeMemory restarted = NodeMemory.open(store.rememberedNodes(), GRACE, clock);
            clock.now = clock.now.plusSeconds(600);   // however long the controller was down
            assertEquals(Set.of("node1", "node2"), restarted.present(Map.of("node1", n1)).keySet(),
                    "node2 has not reconnected yet");
            clock.now = clock.now.plusSeconds(5);
            assertEquals(n2, restarted.present(Map.of("node1", n1, "node2", n2)).get("node2"), "back, connected");
            clock.now = clock.now.plusSeconds(60);
            assertEquals(Set.of("node1", "node2"), restarted.present(Map.of("node1", n1, "node2", n2)).keySet());
        }
    }

    @Test
    void aNewConfigurationIsRememberedAndSurvivesARestart() {
        Hands clock = new Hands();
        NodeState before = node("node1", "192.168.1.11");
        NodeState moved = node("node1", "192.168.1.99");
        try (ModelStore store = ModelStore.open(dir)) {
            NodeMemory memory = NodeMemory.open(store.rememberedNodes(), GRACE, clock);
            memory.present(Map.of("node1", before));
            memory.present(Map.of("node1", moved));
        }
        try (ModelStore store = ModelStore.open(dir)) {
            assertEquals(Map.of("node1", moved.config()), store.rememberedNodes().load());
        }
    }

    @Test
    void whatCouldNotBeStoredIsStoredByTheNextCall() {
        Hands clock = new Hands();
        NodeState n1 = node("node1", "192.168.1.11");
        try (ModelStore store = ModelStore.inMemory()) {
            RememberedNodes real = store.rememberedNodes();
            boolean[] down = {true};
            RememberedNodes flaky = new RememberedNodes() {
                @Override
                public Map<String, NodeConfig> load() {
                    return real.load();
                }

                @Override
                public void save(Map<String, NodeConfig> changed, Set<String> forgotten) {
                    if (down[0]) {
                        throw new StoreException("database down");
                    }
                    real.save(changed, forgotten);
                }
            };
            NodeMemory memory = NodeMemory.open(flaky, GRACE, clock);
            assertThrows(StoreException.class, () -> memory.present(Map.of("node1", n1)));
            down[0] = false;
            memory.present(Map.of("node1", n1));
            assertEquals(Map.of("node1", n1.config()), real.load());
        }
    }

    @Test
    void nodesJsonOfAnOlderMuonIsImportedOnceAndRenamed() throws Exception {
        Hands clock = new Hands();
        NodeState n1 = node("node1", "192.168.1.11");
        NodeState n2 = node("node2", "192.168.1.12");
        // As the previous release wrote it: a plain mapper over the NodeConfig records.
        Path file = dir.resolve("nodes.json");
        new ObjectMapper().writeValue(file.toFile(), Map.of("node1", n1.config(), "node2", n2.config()));
        try (ModelStore store = ModelStore.open(dir)) {
            NodeMemory memory = NodeMemory.open(store.rememberedNodes(), dir, GRACE, clock);
            assertEquals(Map.of("node1", n1.config(), "node2", n2.config()), store.rememberedNodes().load());
            assertEquals(n2.config(), memory.present(Map.of("node1", n1)).get("node2").config(), "remembered, away");
        }
        assertFalse(Files.exists(file));
        assertTrue(Files.exists(dir.resolve("nodes.json.imported")));

        // A nodes.json next to a store that remembers nodes is left alone.
        new ObjectMapper().writeValue(file.toFile(), Map.of("node3", node("node3", "192.168.1.13").config()));
        try (ModelStore store = ModelStore.open(dir)) {
            NodeMemory.open(store.rememberedNodes(), dir, GRACE, clock);
            assertEquals(Set.of("node1", "node2"), store.rememberedNodes().load().keySet());
        }
        assertTrue(Files.exists(file));
    }
}
