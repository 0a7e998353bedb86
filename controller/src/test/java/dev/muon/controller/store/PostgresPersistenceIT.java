package dev.muon.controller.store;

import dev.muon.controller.node.NodeAllocator;
import dev.muon.northbound.NetworkRequest;
import dev.muon.northbound.NeutronException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.muon.controller.service.NeutronNetworkService;
import dev.muon.northbound.PortRequest;
import dev.muon.northbound.SubnetRequest;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model database contract on a real PostgreSQL server (Debian's package, a cluster of this
 * test's own), plus what only a server does: dropped connections, and the controller process
 * configured with {@code store.url} surviving {@code kill -9}.
 */
@Tag("integration")
class PostgresPersistenceIT extends PersistenceContract {
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

    @Override
    DatabaseLocation newDatabase() throws Exception {
        return cluster.createDatabase();
    }

    @Test
    void twoControllersOnOneDatabaseAllocateUniquelyAndSeeEachOthersWrites() throws Exception {
        try (ModelStore a = open(); ModelStore b = open()) {
            a.follow();
            b.follow();
            NeutronNetworkService viaA = service(a);
            NeutronNetworkService viaB = service(b);
            List<NetworkModel> heardByB = new CopyOnWriteArrayList<>();
            b.subscribe(heardByB::add);
            String net = viaA.createNetwork(NetworkRequest.named("shared")).network().id();
            viaA.createSubnet(SubnetRequest.of(net, "10.0.0.0/24"));
            viaB.catchUp();

            ExecutorService clients = Executors.newFixedThreadPool(8);
            try {
                List<Future<Port>> ports = new ArrayList<>();
                List<Future<Integer>> vnis = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    NeutronNetworkService via = i % 2 == 0 ? viaA : viaB;
                    ports.add(clients.submit(() -> via.createPort(PortRequest.on(net))));
                    if (i % 3 == 0) {
                        String name = "net-" + i;
                        vnis.add(clients.submit(() -> via.createNetwork(NetworkRequest.named(name)).network().segmentationId()));
                    }
                }
                Set<String> ips = new HashSet<>();
                Set<String> macs = new HashSet<>();
                for (Future<Port> f : ports) {
                    Port p = f.get(60, TimeUnit.SECONDS);
                    assertTrue(ips.add(p.fixedIps().get(0).ipAddress()), "address given twice: " + p.fixedIps());
                    assertTrue(macs.add(p.macAddress()), "MAC given twice: " + p.macAddress());
                }
                Set<Integer> segments = new HashSet<>();
                segments.add(a.snapshot().networks().get(net).segmentationId());
                for (Future<Integer> f : vnis) {
                    assertTrue(segments.add(f.get(60, TimeUnit.SECONDS)), "VNI given twice: " + segments);
                }
            } finally {
                clients.shutdownNow();
            }
            // An API read through either sees every write acknowledged through the other.
            assertEquals(60, a.latest().ports().size());
            assertEquals(a.latest().ports().keySet(), b.latest().ports().keySet());
            assertEquals(a.latest().networks(), b.latest().networks());
            assertEquals(a.version(), b.version());
            // B's listeners (its reconciler) hear A's commits without any request to B.
            String late = viaA.createNetwork(NetworkRequest.named("late")).network().id();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (heardByB.isEmpty() || !heardByB.get(heardByB.size() - 1).networks().containsKey(late)) {
                assertTrue(System.nanoTime() < deadline, "the other controller's commit never reached this one's listeners");
                Thread.sleep(20);
            }
        }
        try (ModelStore reopened = open()) {
            assertEquals(60, reopened.snapshot().ports().size());
        }
    }

    @Test
    void aWriteAfterTheServerDroppedTheConnectionReconnectsAndCommits() throws Exception {
        try (ModelStore store = open()) {
            service(store).createNetwork(NetworkRequest.named("before"));
            cluster.terminateConnections(db);
            service(store).createNetwork(NetworkRequest.named("after"));
            assertEquals(2, store.version());
        }
        try (ModelStore reopened = open()) {
            assertEquals(2, reopened.snapshot().networks().size());
            assertEquals(2, versionRow());
        }
    }

    @Test
    void writesAnswer503WhileTheServerIsDownAndWorkAgainOnceItIsBack() throws Exception {
        try (ModelStore store = open()) {
            service(store).createNetwork(NetworkRequest.named("before"));
            cluster.stop();
            try {
                NeutronException refused = assertThrows(NeutronException.class,
                        () -> service(store).createNetwork(NetworkRequest.named("during")));
                assertEquals(503, refused.status());
                assertEquals("ServiceUnavailable", refused.type());
                assertEquals(1, store.snapshot().networks().size(), "the refused write left nothing in memory");
                assertEquals(1, store.version());
            } finally {
                cluster.restart();
            }
            service(store).createNetwork(NetworkRequest.named("after"));
            assertEquals(2, store.snapshot().networks().size());
        }
        try (ModelStore reopened = open()) {
            assertEquals(Set.of("before", "after"), reopened.snapshot().networks().values().stream()
                    .map(n -> n.name()).collect(Collectors.toSet()));
        }
    }

    @Test
    void writesAnswer503WhenTheServerStopsAnsweringAndWorkAgainOnceItAnswers() throws Exception {
        // Short timeouts in the URL, which take precedence over Muon's (60 s per statement).
        DatabaseLocation quick = new DatabaseLocation(db.url() + "?socketTimeout=3&connectTimeout=3&loginTimeout=3",
                db.user(), db.password());
        try (ModelStore store = ModelStore.open(dataDir, quick)) {
            service(store).createNetwork(NetworkRequest.named("before"));
            cluster.freeze();
            try {
                NeutronException refused = assertThrows(NeutronException.class,
                        () -> service(store).createNetwork(NetworkRequest.named("during")));
                assertEquals(503, refused.status());
                assertEquals(1, store.snapshot().networks().size());
            } finally {
                cluster.thaw();
            }
            service(store).createNetwork(NetworkRequest.named("after"));
        }
        try (ModelStore reopened = open()) {
            assertEquals(Set.of("before", "after"), reopened.snapshot().networks().values().stream()
                    .map(n -> n.name()).collect(Collectors.toSet()));
        }
    }

    @Test
    void anAllocationAfterTheServerDroppedTheConnectionReconnectsAndCommits() throws Exception {
        try (ModelStore store = open()) {
            NodeAllocator vlans = new NodeAllocator(store.nodeAllocations(), "local-vlan", 1, 4094);
            vlans.ensure("node1", Set.of("net-a"), net -> true);
            cluster.terminateConnections(db);
            assertEquals(Map.of("net-a", 1L, "net-b", 2L), vlans.ensure("node1", Set.of("net-b"), net -> true));
        }
        try (ModelStore reopened = open()) {
            assertEquals(Map.of("net-a", 1L, "net-b", 2L), reopened.nodeAllocations().read("local-vlan", "node1"));
        }
    }

    @Test
    void theControllerOnPostgresLosesNoAcknowledgedWriteToKill9() throws Exception {
        long seed = System.nanoTime();
        List<Integer> acknowledged = new CrashScenario(dataDir, Map.of("MUON_STORE_URL", db.url(),
                "MUON_STORE_USER", db.user(), "MUON_STORE_PASSWORD", db.password()), seed).run(3);
        System.out.println("PostgreSQL crash scenario (seed " + seed
                + "): acknowledged writes per round before kill -9: " + acknowledged);
        acknowledged.forEach(n -> assertTrue(n > 0, "no write was acknowledged before a kill: " + acknowledged));
        // Nothing went to the data directory's embedded database: the model is in PostgreSQL.
        assertTrue(rows().size() > 2);
        assertTrue(java.nio.file.Files.notExists(dataDir.resolve(DatabaseLocation.H2_FILE + ".mv.db")));
    }
}
