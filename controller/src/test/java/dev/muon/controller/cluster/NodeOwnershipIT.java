package dev.muon.controller.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.controller.store.DatabaseLocation;
import dev.muon.controller.store.JdbcPersistence;
import dev.muon.controller.store.PostgresCluster;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two controllers' ownership on a real PostgreSQL server: the nodes shared without overlap, every
 * node let go by both when the database stops answering (and taken back when it answers again),
 * and a controller that leaves hands its nodes to the other.
 */
@Tag("integration")
class NodeOwnershipIT {
    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final Set<String> NODES = Set.of("node1", "node2", "node3");
    private static PostgresCluster cluster;

    @BeforeAll
    static void startServer() throws Exception {
        cluster = PostgresCluster.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Listens to one instance's gains and losses. */
    private static final class Owned implements NodeOwnership.Listener {
        final Set<String> nodes = ConcurrentHashMap.newKeySet();

        @Override
        public void gained(String node, long fencing) {
            nodes.add(node);
        }

        @Override
        public void lost(String node) {
            nodes.remove(node);
        }
    }

    private static NodeOwnership instance(DatabaseLocation db, String id, Owned listener) {
        NodeOwnership o = NodeOwnership.leased(new NodeLeases(db, id, LEASE), LEASE, () -> NODES);
        o.addListener(listener);
        o.start();
        return o;
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static Set<String> owns(NodeOwnership o) {
        Set<String> out = new java.util.TreeSet<>();
        NODES.stream().filter(o::owns).forEach(out::add);
        return out;
    }

    @Test
    void twoInstancesShareTheNodesLetThemAllGoWithoutTheDatabaseAndOneThatLeavesHandsThemOver() throws Exception {
        DatabaseLocation db = cluster.createDatabase();
        JdbcPersistence.open(db).close();
        Owned heardA = new Owned();
        Owned heardB = new Owned();
        NodeOwnership a = instance(db, "instance-1", heardA);
        try (NodeOwnership b = instance(db, "instance-2", heardB)) {
            // rendezvous among both: instance-1 node1 and node3, instance-2 node2
            eventually("the nodes shared out", () -> owns(a).equals(Set.of("node1", "node3"))
                    && owns(b).equals(Set.of("node2")));
            assertEquals(Set.of("node1", "node3"), heardA.nodes);
            assertEquals(Set.of("node2"), heardB.nodes);
            assertEquals(2, a.leasesHeld());
            assertTrue(a.fencing("node1").isPresent());
            assertFalse(b.fencing("node1").isPresent());

            cluster.freeze();
            try {
                eventually("both to let every node go", () -> owns(a).isEmpty() && owns(b).isEmpty()
                        && heardA.nodes.isEmpty() && heardB.nodes.isEmpty());
                assertEquals(0, a.leasesHeld());
            } finally {
                cluster.thaw();
            }
            eventually("the nodes taken back", () -> owns(a).equals(Set.of("node1", "node3"))
                    && owns(b).equals(Set.of("node2")));

            a.close();
            eventually("instance-2 to hold every node", () -> owns(b).equals(NODES));
            assertEquals(NODES, heardB.nodes);
            assertTrue(owns(a).isEmpty());
        } finally {
            a.close();
        }
    }
}
