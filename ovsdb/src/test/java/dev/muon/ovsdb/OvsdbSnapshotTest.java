package dev.muon.ovsdb;

import static dev.muon.ovsdb.Specs.brInt;
import static dev.muon.ovsdb.Specs.brTun;
import static dev.muon.ovsdb.Specs.desired;
import static dev.muon.ovsdb.WireOps.ops;
import static dev.muon.ovsdb.WireOps.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.ovsdb.OvsdbSnapshot.OpenVswitchRow;
import dev.muon.pipeline.compile.BridgeSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Bridges and ports found by name through the snapshot's index (issue 12: a scan of every port
 * per VIF made the diff quadratic), with what the scan found: only what hangs off the root row.
 */
class OvsdbSnapshotTest {

    @Test
    void bridgesAndPortsAreFoundByNameOnAnyAttachedBridge() {
        SnapshotBuilder b = new SnapshotBuilder().bridge(brInt()).bridge(brTun(true));
        String vm1 = b.port("br-int", "vm1", "", Map.of(), Map.of(), Map.of("iface-id", "P1"), 3, 4);
        OvsdbSnapshot db = b.build();

        assertEquals(b.bridgeUuid("br-int"), db.bridge("br-int").orElseThrow().uuid());
        assertEquals(b.bridgeUuid("br-tun"), db.bridge("br-tun").orElseThrow().uuid());
        assertEquals(vm1, db.port("vm1").orElseThrow().uuid());
        assertEquals(b.portUuid("patch-int"), db.port("patch-int").orElseThrow().uuid());
        assertEquals(b.portUuid("br-tun"), db.port("br-tun").orElseThrow().uuid(), "a bridge's own port");
        assertEquals(Optional.empty(), db.port("ghost"));
        assertEquals(Optional.empty(), db.bridge("br-ex"));
        assertSame(db.port("vm1").orElseThrow(), db.port("vm1").orElseThrow(), "one index per snapshot");
        assertEquals(Optional.empty(), OvsdbSnapshot.EMPTY.port("vm1"));
        assertEquals(Optional.empty(), OvsdbSnapshot.EMPTY.bridge("br-int"));
    }

    @Test
    void aBridgeOffTheRootAndItsPortsAreNotThere() {
        SnapshotBuilder b = new SnapshotBuilder().bridge(brInt()).bridge(Specs.bridge("br-old"));
        b.port("br-old", "vm9", "", Map.of(), Map.of(), Map.of("iface-id", "P9"), 3, 4);
        OvsdbSnapshot built = b.build();
        // OVS garbage: still in the Bridge table as the monitor last said, no longer in Open_vSwitch.bridges
        OpenVswitchRow root = new OpenVswitchRow(SnapshotBuilder.ROOT, Set.of(b.bridgeUuid("br-int")), Map.of());
        OvsdbSnapshot db = new OvsdbSnapshot(root, built.bridges(), built.ports(), built.interfaces(),
                built.controllers());

        assertTrue(db.bridge("br-int").isPresent());
        assertEquals(Optional.empty(), db.bridge("br-old"));
        assertEquals(Optional.empty(), db.port("vm9"));
        // so a VIF there is not retagged, and the bridge is made anew when wanted
        assertEquals(List.of(), summary(ops(db, desired(Map.of("vm9", 5), brInt()))));
        List<String> ops = summary(ops(db, desired(Map.of(), brInt(), Specs.bridge("br-old"))));
        assertTrue(ops.contains("insert Bridge"), ops.toString());
    }

    @Test
    void everyVifOfABigNodeIsRetaggedOnceAndOnlyIfItDiffers() {
        BridgeSpec brInt = brInt();
        SnapshotBuilder b = new SnapshotBuilder().bridge(brInt);
        Map<String, Integer> tags = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            b.port("br-int", "tap" + i, "", Map.of(), Map.of(), Map.of("iface-id", "P" + i), i % 7 == 0 ? 1 : 2, i + 10);
            tags.put("tap" + i, 2);
        }
        List<String> ops = summary(ops(b.build(), desired(tags, brInt)));
        assertEquals(43, ops.size(), "tap0, tap7, ... tap294 are on tag 1");
        assertTrue(ops.stream().allMatch("update Port"::equals), ops.toString());
    }
}
