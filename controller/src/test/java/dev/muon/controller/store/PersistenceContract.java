package dev.muon.controller.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.controller.node.NodeAllocator;
import dev.muon.controller.service.NeutronNetworkService;
import dev.muon.controller.service.ServiceConfig;
import dev.muon.northbound.NetworkRequest;
import dev.muon.northbound.PortRequest;
import dev.muon.northbound.SubnetRequest;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeRole;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the model database must do, whichever it is: the same tests run on the embedded H2
 * file ({@link H2PersistenceTest}) and on a real PostgreSQL server ({@link PostgresPersistenceIT}).
 */
abstract class PersistenceContract {
    private static final ObjectMapper JSON = ModelJson.mapper();
    private static final String LOCAL_VLAN = "local-vlan";

    @TempDir
    Path dataDir;
    DatabaseLocation db;

    /** A new, empty database for one test. */
    abstract DatabaseLocation newDatabase() throws Exception;

    @BeforeEach
    void emptyDatabase() throws Exception {
        db = newDatabase();
    }

    ModelStore open() {
        return ModelStore.open(dataDir, db);
    }

    static NeutronNetworkService service(ModelStore store) {
        return new NeutronNetworkService(store, ServiceConfig.defaults());
    }

    @Test
    void everyResourceAndTheVersionSurviveAReopen() {
        NetworkModel written;
        long version;
        String networkId;
        try (ModelStore store = open()) {
            NeutronNetworkService service = service(store);
            networkId = service.createNetwork(NetworkRequest.named("durable")).network().id();
            String other = service.createNetwork(NetworkRequest.named("other")).network().id();
            service.createSubnet(SubnetRequest.of(networkId, "10.0.0.0/24"));
            Port bound = service.createPort(PortRequest.on(networkId));
            Port gone = service.createPort(PortRequest.on(networkId));
            service.createPort(PortRequest.on(networkId));
            service.setPortBinding(bound.id(), "node1", true);
            service.deletePort(gone.id());
            service.updateNetwork(other, NetworkRequest.named("renamed"));
            written = store.snapshot();
            version = store.version();
        }
        try (ModelStore reopened = open()) {
            for (ResourceKind<?> kind : ResourceKind.ALL) {
                assertEquals(written.all(kind), reopened.snapshot().all(kind), kind.collection());
            }
            assertEquals(version, reopened.version());
            assertEquals(9, version);
            // Allocation continues from what was saved: .2 and .4 are taken, .3 was freed.
            Port next = service(reopened).createPort(PortRequest.on(networkId));
            assertEquals("10.0.0.3", next.fixedIps().get(0).ipAddress());
        }
        try (ModelStore again = open()) {
            assertEquals(version + 1, again.version());
            assertEquals(3, again.snapshot().ports().size());
        }
    }

    @Test
    void aSaveWritesOnlyTheRowsThatChanged() throws Exception {
        String a;
        String b;
        try (ModelStore store = open()) {
            NeutronNetworkService service = service(store);
            a = service.createNetwork(NetworkRequest.named("a")).network().id();
            b = service.createNetwork(NetworkRequest.named("b")).network().id();
            // Behind the store's back: if a later save rewrote a's row, this would be undone.
            assertEquals(1, update("UPDATE model_resource SET body = REPLACE(body, '\"name\":\"a\"',"
                    + " '\"name\":\"untouched\"') WHERE kind = 'networks' AND id = ?", a));
            service.updateNetwork(b, NetworkRequest.named("b2"));
            service.createNetwork(NetworkRequest.named("c"));
        }
        try (ModelStore reopened = open()) {
            Map<String, Network> networks = reopened.snapshot().networks();
            assertEquals("untouched", networks.get(a).name());
            assertEquals("b2", networks.get(b).name());
            assertEquals(3, networks.size());
            // Creating a project's first network also creates its default security group (and rules).
            assertEquals(3, rows().keySet().stream().filter(k -> k.startsWith("networks/")).count());
        }
    }

    @Test
    void aFailedSaveChangesNeitherMemoryNorDatabase() throws Exception {
        try (ModelStore store = open()) {
            NeutronNetworkService service = service(store);
            Network net = service.createNetwork(NetworkRequest.named("net")).network();
            service.createSubnet(SubnetRequest.of(net.id(), "10.0.0.0/24"));
            Port p1 = service.createPort(PortRequest.on(net.id()));
            Port p2 = service.createPort(PortRequest.on(net.id()));
            NetworkModel before = store.snapshot();
            long version = store.version();
            Map<String, String> rowsBefore = rows();

            // The database refuses to delete p1 (a row elsewhere refers to it), the last statement
            // of the save: the version bump, the insert and the update before it must not stay.
            update("CREATE TABLE pin (kind VARCHAR(64), id VARCHAR(255),"
                    + " FOREIGN KEY (kind, id) REFERENCES model_resource (kind, id))");
            update("INSERT INTO pin (kind, id) VALUES ('ports', ?)", p1.id());
            Network copy = withId(net, "00000000-0000-0000-0000-00000000c0de");
            Transaction<Void> insertUpdateDelete = m -> Transaction.Result.of(m.without(ResourceKind.PORT, p1.id())
                    .with(ResourceKind.PORT, p2.revised(Instant.now()))
                    .with(ResourceKind.NETWORK, copy), null);
            assertThrows(StoreException.class, () -> store.write(insertUpdateDelete));
            assertSame(before, store.snapshot());
            assertEquals(version, store.version());
            assertEquals(rowsBefore, rows());
            assertEquals(version, versionRow());

            // Once the database accepts it, the same change commits whole.
            update("DROP TABLE pin");
            store.write(insertUpdateDelete);
            assertEquals(version + 1, versionRow());
        }
        try (ModelStore reopened = open()) {
            NetworkModel m = reopened.snapshot();
            assertEquals(2, m.networks().size());
            assertEquals(1, m.ports().size());
            assertEquals(2, m.ports().values().iterator().next().revisionNumber());
        }
    }

    @Test
    void aSaveBehindTheDatabaseIsRefusedWholeAndCatchingUpReadsWhatOthersCommitted() {
        try (ModelStore store = open()) {
            NeutronNetworkService service = service(store);
            String kept = service.createNetwork(NetworkRequest.named("first")).network().id();
            String deleted = service.createNetwork(NetworkRequest.named("doomed")).network().id();
            try (JdbcPersistence other = JdbcPersistence.open(db)) {
                ModelPersistence.Stored seen = other.load().orElseThrow();
                service.createNetwork(NetworkRequest.named("second"));
                service.updateNetwork(kept, NetworkRequest.named("renamed"));
                service.deleteNetwork(deleted);
                NetworkModel stale = seen.model().without(ResourceKind.NETWORK, kept);
                assertThrows(ModelBehindException.class, () -> other.save(stale, seen.version() + 1));

                ModelPersistence.Stored caught = other.catchUp().orElseThrow();
                assertEquals(store.version(), caught.version());
                assertEquals(store.snapshot().networks(), caught.model().networks(),
                        "the other controller's insert, update and delete are all read");
                assertTrue(other.catchUp().isEmpty(), "nothing new: nothing read");
                NetworkModel next = caught.model().without(ResourceKind.NETWORK, kept);
                other.save(next, caught.version() + 1);
            }
        }
        try (ModelStore reopened = open()) {
            assertEquals(Set.of("second"), reopened.snapshot().networks().values().stream()
                    .map(Network::name).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void rowsOfAKindThisVersionDoesNotKnowAreRefused() throws Exception {
        open().close();
        update("INSERT INTO model_resource (kind, id, body) VALUES ('widgets', 'w1', '{}')");
        StoreException e = assertThrows(StoreException.class, this::open);
        assertTrue(e.getMessage().contains("'widgets'"), e.getMessage());
    }

    @Test
    void theOldModelJsonIsImportedOnceIntoAnEmptyDatabase() throws Exception {
        NetworkModel legacy;
        try (ModelStore memory = ModelStore.inMemory()) {
            NeutronNetworkService service = service(memory);
            String net = service.createNetwork(NetworkRequest.named("legacy")).network().id();
            service.createSubnet(SubnetRequest.of(net, "10.1.0.0/24"));
            service.createPort(PortRequest.on(net));
            legacy = memory.snapshot();
        }
        Path file = dataDir.resolve(LegacyModelFile.FILE_NAME);
        JSON.writeValue(file.toFile(), new LegacyModelFile.Document(1, 7, List.copyOf(legacy.networks().values()),
                List.copyOf(legacy.subnets().values()), List.copyOf(legacy.ports().values())));

        try (ModelStore store = open()) {
            assertEquals(legacy.networks(), store.snapshot().networks());
            assertEquals(legacy.subnets(), store.snapshot().subnets());
            assertEquals(legacy.ports(), store.snapshot().ports());
            assertEquals(7, store.version());
            service(store).createNetwork(NetworkRequest.named("after"));
        }
        assertFalse(Files.exists(file));
        assertTrue(Files.exists(dataDir.resolve(LegacyModelFile.FILE_NAME + LegacyModelFile.IMPORTED_SUFFIX)));

        // A model.json appearing next to a database that holds a model is left alone.
        Files.copy(dataDir.resolve(LegacyModelFile.FILE_NAME + LegacyModelFile.IMPORTED_SUFFIX), file);
        try (ModelStore again = open()) {
            assertEquals(2, again.snapshot().networks().size());
            assertEquals(8, again.version());
        }
        assertTrue(Files.exists(file));
    }

    @Test
    void theSchemaIsMigratedOnceAndRecorded() throws Exception {
        open().close();
        open().close();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
                     + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            for (String version : List.of("1", "2", "3", "4", "5")) {
                assertTrue(rs.next(), "migration " + version + " missing");
                assertEquals(version, rs.getString(1));
                assertTrue(rs.getBoolean(2));
            }
            assertFalse(rs.next(), "a migration ran twice");
        }
    }

    @Test
    void nodeAllocationsAndRememberedNodesSurviveAReopen() {
        NodeConfig node1 = new NodeConfig("node1", "192.168.1.11", NodeRole.NETWORK,
                Map.of("physnet1", "br-eth1", "public", "br-ex"), "netdev", "tcp:10.0.0.1:6653");
        NodeConfig node2 = new NodeConfig("node2", null, NodeRole.COMPUTE, Map.of(), "system", null);
        try (ModelStore store = open()) {
            store.nodeAllocations().write(List.of(), List.of(vlan("node1", "net-a", 1), vlan("node1", "net-b", 2),
                    vlan("node2", "net-b", 1), new NodeAllocation("ct-zone", "node1", "router-1", 4096)));
            store.nodeAllocations().write(List.of(vlan("node1", "net-a", 1)), List.of(vlan("node1", "net-c", 1)));
            store.rememberedNodes().save(Map.of("node1", node1, "node2", node2, "node3", node2), Set.of());
            store.rememberedNodes().save(Map.of(), Set.of("node3"));
        }
        try (ModelStore reopened = open()) {
            NodeAllocations allocations = reopened.nodeAllocations();
            assertEquals(Map.of("net-b", 2L, "net-c", 1L), allocations.read(LOCAL_VLAN, "node1"));
            assertEquals(Map.of("net-b", 1L), allocations.read(LOCAL_VLAN, "node2"));
            assertEquals(Map.of("router-1", 4096L), allocations.read("ct-zone", "node1"));
            assertEquals(Map.of(), allocations.read(LOCAL_VLAN, "node3"));
            assertFalse(allocations.isEmpty(LOCAL_VLAN));
            assertTrue(allocations.isEmpty("dvr-mac"));
            assertEquals(Map.of("node1", node1, "node2", node2), reopened.rememberedNodes().load());
            // The model is untouched by all this.
            assertEquals(0, reopened.version());
        }
    }

    @Test
    void anAllocationWriteThatCollidesIsRefusedWhole() {
        try (ModelStore store = open()) {
            NodeAllocations allocations = store.nodeAllocations();
            allocations.write(List.of(), List.of(vlan("node1", "net-a", 1)));
            List<Executable> collisions = List.of(
                    // number 1 is net-a's
                    () -> allocations.write(List.of(), List.of(vlan("node1", "net-c", 3), vlan("node1", "net-b", 1))),
                    // net-a has a number already
                    () -> allocations.write(List.of(), List.of(vlan("node1", "net-c", 3), vlan("node1", "net-a", 2))),
                    // net-a does not have 7 to release
                    () -> allocations.write(List.of(vlan("node1", "net-a", 7)), List.of(vlan("node1", "net-c", 3))));
            for (Executable collision : collisions) {
                assertThrows(StoreConflictException.class, collision);
                assertEquals(Map.of("net-a", 1L), allocations.read(LOCAL_VLAN, "node1"), "net-c was not written");
            }
            // The same number on another node, or in another kind's pool, is no collision.
            allocations.write(List.of(), List.of(vlan("node2", "net-b", 1), new NodeAllocation("ct-zone", "node1", "r", 1)));
            assertEquals(Map.of("net-b", 1L), allocations.read(LOCAL_VLAN, "node2"));
        }
    }

    @Test
    void twoAllocatorsOnOneDatabaseGiveEachItemOneNumber() {
        try (ModelStore store = open(); JdbcPersistence other = JdbcPersistence.open(db)) {
            NodeAllocator first = new NodeAllocator(store.nodeAllocations(), LOCAL_VLAN, 1, 4094);
            NodeAllocator second = new NodeAllocator(other.nodeAllocations(), LOCAL_VLAN, 1, 4094);
            assertEquals(Map.of(), second.ensure("node1", Set.of(), net -> true));   // second now knows node1 empty
            assertEquals(Map.of("net-a", 1L), first.ensure("node1", Set.of("net-a"), net -> true));
            // second's view is stale: its first choice for net-b (1) is refused, it reads node1 again.
            assertEquals(Map.of("net-a", 1L, "net-b", 2L), second.ensure("node1", Set.of("net-a", "net-b"), net -> true));
            assertEquals(Map.of("net-a", 1L), first.ensure("node1", Set.of("net-a"), net -> true));
            // first still knows only net-a; asked for net-b, it takes what second allocated.
            assertEquals(Map.of("net-a", 1L, "net-b", 2L), first.ensure("node1", Set.of("net-b"), net -> true));
        }
    }

    static NodeAllocation vlan(String node, String network, long vlan) {
        return new NodeAllocation(LOCAL_VLAN, node, network, vlan);
    }

    /** A copy of {@code network} under another id, built generically through its stored JSON. */
    static Network withId(Network network, String id) throws Exception {
        ObjectNode tree = JSON.valueToTree(network);
        tree.put("id", id);
        return JSON.treeToValue(tree, Network.class);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(db.url(), db.user(), db.password());
    }

    int update(String sql, String... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** Every resource row, "kind/id" → body. */
    Map<String, String> rows() throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT kind, id, body FROM model_resource")) {
            while (rs.next()) {
                rows.put(rs.getString(1) + "/" + rs.getString(2), rs.getString(3));
            }
        }
        return rows;
    }

    long versionRow() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM model_version WHERE id = 1")) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }
}
