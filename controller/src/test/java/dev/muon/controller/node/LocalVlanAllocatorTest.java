package dev.muon.controller.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.controller.store.ModelStore;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalVlanAllocatorTest {
    private static final String DATABASE_FILE = "muon.mv.db";

    @TempDir
    Path dir;

    @Test
    void eachNodeGivesItsNetworksTheLowestFreeVlansInNetworkOrder() {
        try (ModelStore store = ModelStore.inMemory()) {
            LocalVlanAllocator vlans = new LocalVlanAllocator(store.nodeAllocations());
            Set<String> all = Set.of("net-a", "net-b", "net-c");
            assertEquals(Map.of("net-a", 1, "net-b", 2), vlans.ensure("node1", Set.of("net-b", "net-a"), all));
            assertEquals(Map.of("net-b", 1), vlans.ensure("node2", Set.of("net-b"), all), "per node");
            assertEquals(Map.of("net-a", 1, "net-b", 2, "net-c", 3), vlans.ensure("node1", Set.of("net-c"), all));
        }
    }

    @Test
    void aVlanIsKeptWhileItsNetworkExistsAndFreedForTheNextNetworkWhenItIsGone() {
        try (ModelStore store = ModelStore.inMemory()) {
            LocalVlanAllocator vlans = new LocalVlanAllocator(store.nodeAllocations());
            vlans.ensure("node1", Set.of("net-a", "net-b"), Set.of("net-a", "net-b"));
            // No port of net-a on node1 any more, but the network exists: it keeps its tag.
            assertEquals(Map.of("net-a", 1, "net-b", 2), vlans.ensure("node1", Set.of(), Set.of("net-a", "net-b")));
            // net-a deleted: 1 is free again, and the next network takes it; net-b keeps 2.
            assertEquals(Map.of("net-b", 2), vlans.ensure("node1", Set.of("net-b"), Set.of("net-b", "net-c")));
            assertEquals(Map.of("net-b", 2, "net-c", 1),
                    vlans.ensure("node1", Set.of("net-b", "net-c"), Set.of("net-b", "net-c")));
            assertEquals(Map.of("net-b", 2L, "net-c", 1L),
                    store.nodeAllocations().read(LocalVlanAllocator.KIND, "node1"), "as stored");
        }
    }

    @Test
    void aNodeHasVlans1To4094() {
        try (ModelStore store = ModelStore.inMemory()) {
            LocalVlanAllocator vlans = new LocalVlanAllocator(store.nodeAllocations());
            Set<String> nets = new TreeSet<>();
            for (int i = 0; i < 4094; i++) {
                nets.add(String.format("net-%04d", i));
            }
            Map<String, Integer> all = vlans.ensure("node1", nets, nets);
            assertEquals(4094, all.size());
            assertEquals(1, all.get("net-0000"));
            assertEquals(4094, all.get("net-4093"));
            Set<String> more = new TreeSet<>(nets);
            more.add("net-one-more");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> vlans.ensure("node1", more, more));
            assertTrue(e.getMessage().contains("node1"), e.getMessage());
            assertEquals(4094, vlans.ensure("node1", nets, more).size(), "nothing half-allocated");
        }
    }

    @Test
    void storesOpenedInTurnOnOneDatabaseOrACopyOfItGiveTheSameVlans() throws Exception {
        try (ModelStore store = ModelStore.open(dir)) {
            LocalVlanAllocator vlans = new LocalVlanAllocator(store.nodeAllocations());
            Set<String> abc = Set.of("net-a", "net-b", "net-c");
            vlans.ensure("node1", abc, abc);
            vlans.ensure("node2", Set.of("net-c"), abc);
            // net-a goes: node1 keeps b=2 and c=3, which a fresh allocation would not give them.
            assertEquals(Map.of("net-b", 2, "net-c", 3), vlans.ensure("node1", Set.of("net-b", "net-c"),
                    Set.of("net-b", "net-c")));
        }
        Set<String> bcd = Set.of("net-b", "net-c", "net-d");
        try (ModelStore reopened = ModelStore.open(dir)) {
            LocalVlanAllocator vlans = new LocalVlanAllocator(reopened.nodeAllocations());
            assertEquals(Map.of("net-b", 2, "net-c", 3), vlans.ensure("node1", Set.of("net-b", "net-c"), bcd));
            assertEquals(Map.of("net-b", 2, "net-c", 3, "net-d", 1), vlans.ensure("node1", Set.of("net-d"), bcd));
            assertEquals(Map.of("net-c", 1), vlans.ensure("node2", Set.of("net-c"), bcd));
        }
        // The database files alone, in a data directory with nothing else: the same tags.
        Path copy = Files.createDirectories(dir.resolve("copy"));
        Files.copy(dir.resolve(DATABASE_FILE), copy.resolve(DATABASE_FILE));
        try (ModelStore onCopy = ModelStore.open(copy)) {
            LocalVlanAllocator vlans = LocalVlanAllocator.open(onCopy.nodeAllocations(), copy);
            assertEquals(Map.of("net-b", 2, "net-c", 3, "net-d", 1), vlans.ensure("node1", bcd, bcd));
            assertEquals(Map.of("net-c", 1), vlans.ensure("node2", Set.of("net-c"), bcd));
        }
    }

    @Test
    void localVlansJsonOfAnOlderMuonIsImportedOnceAndRenamed() throws Exception {
        Path file = dir.resolve("local-vlans.json");
        // As the previous release wrote it: hostname → network id → VLAN, with holes left by deletions.
        Files.writeString(file, "{\"node1\":{\"net-b\":2,\"net-c\":3},\"node2\":{\"net-b\":5},\"node3\":{}}");
        Set<String> bcd = Set.of("net-b", "net-c", "net-d");
        try (ModelStore store = ModelStore.open(dir)) {
            LocalVlanAllocator vlans = LocalVlanAllocator.open(store.nodeAllocations(), dir);
            assertEquals(Map.of("net-b", 2, "net-c", 3, "net-d", 1), vlans.ensure("node1", bcd, bcd));
            assertEquals(Map.of("net-b", 5), vlans.ensure("node2", Set.of("net-b"), bcd));
            assertEquals(Map.of(), vlans.ensure("node3", Set.of(), bcd));
        }
        assertFalse(Files.exists(file));
        assertTrue(Files.exists(dir.resolve("local-vlans.json.imported")));

        // A local-vlans.json next to a store that holds local VLANs is left alone.
        Files.writeString(file, "{\"node1\":{\"net-b\":9}}");
        try (ModelStore store = ModelStore.open(dir)) {
            LocalVlanAllocator vlans = LocalVlanAllocator.open(store.nodeAllocations(), dir);
            assertEquals(Map.of("net-b", 2, "net-c", 3, "net-d", 1), vlans.ensure("node1", bcd, bcd));
        }
        assertTrue(Files.exists(file));
    }

    @Test
    void anUnreadableLocalVlansJsonStopsTheStartAndImportsNothing() throws Exception {
        Path file = dir.resolve("local-vlans.json");
        Files.writeString(file, "{\"node1\": ");
        try (ModelStore store = ModelStore.open(dir)) {
            assertThrows(UncheckedIOException.class, () -> LocalVlanAllocator.open(store.nodeAllocations(), dir));
            assertTrue(store.nodeAllocations().isEmpty(LocalVlanAllocator.KIND));
        }
        assertTrue(Files.exists(file));
    }
}
