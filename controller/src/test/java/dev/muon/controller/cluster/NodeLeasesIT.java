package dev.muon.controller.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.controller.store.DatabaseLocation;
import dev.muon.controller.store.JdbcPersistence;
import dev.muon.controller.store.PostgresCluster;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Node leases on a real PostgreSQL server (Debian's package, a cluster of this test's own). */
@Tag("integration")
class NodeLeasesIT {
    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final Set<String> NODES = IntStream.range(0, 20).mapToObj(i -> "node" + i)
            .collect(Collectors.toSet());
    private static PostgresCluster cluster;
    private DatabaseLocation db;

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

    @BeforeEach
    void newDatabase() throws Exception {
        db = cluster.createDatabase();
        JdbcPersistence.open(db).close();   // the schema, V5 included
    }

    @Test
    void oneInstanceTakesEveryNodeAndRenewsItsLeasesWithTheSameFencingNumber() throws Exception {
        try (NodeLeases a = new NodeLeases(db, "a", LEASE)) {
            NodeLeases.Round first = a.round(NODES);
            assertEquals(Set.of("a"), first.live());
            assertEquals(NODES, first.held().keySet());
            assertTrue(first.held().values().stream().allMatch(f -> f == 1L), first.held().toString());
            NodeLeases.Round second = a.round(NODES);
            assertEquals(first.held(), second.held(), "a renewal is not a takeover");
        }
    }

    @Test
    void twoInstancesShareTheNodesAndNeverHoldTheSameOne() throws Exception {
        try (NodeLeases a = new NodeLeases(db, "a", Duration.ofSeconds(30));
             NodeLeases b = new NodeLeases(db, "b", Duration.ofSeconds(30))) {
            assertEquals(NODES, a.round(NODES).held().keySet());
            NodeLeases.Round bFirst = b.round(NODES);
            assertEquals(Set.of("a", "b"), bFirst.live());
            assertTrue(bFirst.held().isEmpty(), "b took nodes a holds: " + bFirst.held());

            NodeLeases.Round aSecond = a.round(NODES);   // a sees b and gives it its share
            Set<String> giveAway = NodeLeases.unwanted(aSecond);
            assertFalse(giveAway.isEmpty());
            a.release(giveAway);
            NodeLeases.Round bSecond = b.round(NODES);
            NodeLeases.Round aThird = a.round(NODES);

            assertEquals(giveAway, bSecond.held().keySet());
            assertTrue(bSecond.held().values().stream().allMatch(f -> f == 2L), "a new holder raises the fencing number");
            Set<String> both = new HashSet<>(aThird.held().keySet());
            both.retainAll(bSecond.held().keySet());
            assertEquals(Set.of(), both, "a node held by two instances");
            Set<String> all = new HashSet<>(aThird.held().keySet());
            all.addAll(bSecond.held().keySet());
            assertEquals(NODES, all);
            for (String node : NODES) {
                String expected = Rendezvous.owner(node, List.of("a", "b")).orElseThrow();
                assertTrue((expected.equals("a") ? aThird : bSecond).held().containsKey(node), node);
            }
        }
    }

    /** The fencing property itself: by the time another instance holds a node, the holder has stopped. */
    @Test
    void aDeadHoldersNodesAreTakenOverOnlyOnceItsDeadlineHasPassed() throws Exception {
        try (NodeLeases a = new NodeLeases(db, "a", LEASE); NodeLeases b = new NodeLeases(db, "b", LEASE)) {
            LeaseDeadline aDeadline = LeaseDeadline.of(LEASE);
            long started = aDeadline.startOfRenewal();
            Map<String, Long> aHeld = a.round(NODES).held();
            aDeadline.renewed(started);
            assertEquals(NODES, aHeld.keySet());
            // a dies: it renews nothing more. b keeps trying until it has every node.
            NodeLeases.Round r;
            boolean sawAValid = false;
            do {
                boolean aValidBefore = aDeadline.valid();
                r = b.round(NODES);
                if (!r.held().isEmpty()) {
                    assertFalse(aValidBefore, "b took a node while a could still program it");
                } else {
                    sawAValid |= aValidBefore;
                }
                Thread.sleep(50);
            } while (r.held().size() < NODES.size());
            assertTrue(sawAValid, "b never had to wait for a");
            assertFalse(aDeadline.valid());
            assertTrue(r.held().values().stream().allMatch(f -> f == 2L), r.held().toString());
            assertEquals(Set.of("b"), r.live(), "a dead instance is not live");
        }
    }

    @Test
    void aFrozenDatabaseFailsTheRoundAndAThawedOneServesTheNextRound() throws Exception {
        try (NodeLeases a = new NodeLeases(db, "a", LEASE)) {
            a.round(NODES);
            cluster.freeze();
            try {
                assertThrows(SQLException.class, () -> a.round(NODES));
            } finally {
                cluster.thaw();
            }
            assertEquals(NODES, a.round(NODES).held().keySet(), "the next round reconnects");
        }
    }
}
