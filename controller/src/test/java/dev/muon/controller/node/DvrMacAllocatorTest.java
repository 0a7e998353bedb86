package dev.muon.controller.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.muon.controller.store.ModelStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DvrMacAllocatorTest {

    @TempDir
    Path dir;

    @Test
    void everyNodeHasItsOwnMacFromNeutronsDvrBase() {
        try (ModelStore store = ModelStore.inMemory()) {
            DvrMacAllocator dvr = new DvrMacAllocator(store.nodeAllocations());
            Map<String, String> macs = dvr.ensure(Set.of("node2", "node1", "node3"));
            assertEquals(Map.of("node1", "fa:16:3f:00:00:01", "node2", "fa:16:3f:00:00:02", "node3", "fa:16:3f:00:00:03"),
                    macs);
            assertEquals("fa:16:3f:01:02:03", DvrMacAllocator.mac(0x010203));
        }
    }

    @Test
    void aNodeKeepsItsMacAcrossRestartsAndLosesItOnlyWhenItHasLeft() {
        try (ModelStore store = ModelStore.open(dir)) {
            DvrMacAllocator dvr = new DvrMacAllocator(store.nodeAllocations());
            dvr.ensure(Set.of("node1", "node2", "node3"));
            // node1 left; node4 joins: it takes the free MAC, the others keep theirs
            assertEquals(Map.of("node2", "fa:16:3f:00:00:02", "node3", "fa:16:3f:00:00:03", "node4", "fa:16:3f:00:00:01"),
                    dvr.ensure(Set.of("node2", "node3", "node4")));
        }
        try (ModelStore reopened = ModelStore.open(dir)) {
            DvrMacAllocator dvr = new DvrMacAllocator(reopened.nodeAllocations());
            Map<String, String> macs = dvr.ensure(Set.of("node3", "node4", "node5"));
            assertEquals("fa:16:3f:00:00:03", macs.get("node3"), "kept across a restart");
            assertEquals("fa:16:3f:00:00:01", macs.get("node4"));
            assertNotEquals(macs.get("node5"), macs.get("node3"));
            assertEquals("fa:16:3f:00:00:02", macs.get("node5"), "node2 left: its MAC is free again");
        }
    }
}
