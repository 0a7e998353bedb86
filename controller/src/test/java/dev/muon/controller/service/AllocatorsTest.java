package dev.muon.controller.service;

import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.Port;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.muon.controller.service.IpamTest.assertType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Segments (VNI, VLAN, flat) and MAC addresses. */
class AllocatorsTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");
    private final ServiceConfig config = new ServiceConfig(1000, 1001, "admin",
            Map.of("physnet1", new VlanRange(100, 101)));
    private final SegmentAllocator segments = new SegmentAllocator(config);

    @Test
    void tenantNetworksGetTheLowestFreeVniUntilTheRangeRunsOut() {
        NetworkModel m = NetworkModel.EMPTY;
        assertEquals(new Segment(NetworkType.VXLAN, null, 1000), segments.choose(m, null, null, null));
        m = m.withNetwork(network("a", NetworkType.VXLAN, null, 1000));
        assertEquals(1001, segments.choose(m, null, null, null).segmentationId());
        m = m.withNetwork(network("b", NetworkType.VXLAN, null, 1001));
        NetworkModel full = m;
        assertType("NoNetworkAvailable", () -> segments.choose(full, null, null, null));
        // An admin may still pick a VNI outside the tenant range.
        assertEquals(5000, segments.choose(full, "vxlan", null, 5000).segmentationId());
        assertType("TunnelIdInUse", () -> segments.choose(full, "vxlan", null, 1000));
        assertType("InvalidInput", () -> segments.choose(full, "vxlan", null, 1 << 24));
        assertType("InvalidInput", () -> segments.choose(full, "vxlan", "physnet1", null));
    }

    @Test
    void vlanNeedsAPhysnetAndAFreeIdThere() {
        NetworkModel m = NetworkModel.EMPTY.withNetwork(network("a", NetworkType.VLAN, "physnet1", 100));
        assertEquals(new Segment(NetworkType.VLAN, "physnet1", 101), segments.choose(m, "vlan", "physnet1", null));
        assertEquals(new Segment(NetworkType.VLAN, "physnet1", 4094), segments.choose(m, "vlan", "physnet1", 4094));
        assertType("VlanIdInUse", () -> segments.choose(m, "vlan", "physnet1", 100));
        assertType("InvalidInput", () -> segments.choose(m, "vlan", null, 100));
        assertType("InvalidInput", () -> segments.choose(m, "vlan", "physnet1", 4095));
        assertType("InvalidInput", () -> segments.choose(m, "vlan", "physnet9", 100));
        assertType("InvalidInput", () -> segments.choose(m, null, "physnet1", 100));
        assertType("InvalidInput", () -> segments.choose(m, "gre", null, null));
        // Without configured ranges any physnet is accepted, but the id must be given.
        SegmentAllocator open = new SegmentAllocator(ServiceConfig.defaults());
        assertEquals(7, open.choose(m, "vlan", "anywhere", 7).segmentationId());
        assertType("InvalidInput", () -> open.choose(m, "vlan", "anywhere", null));
    }

    @Test
    void flatIsOnePerPhysnet() {
        NetworkModel m = NetworkModel.EMPTY.withNetwork(network("a", NetworkType.FLAT, "public", null));
        assertEquals(new Segment(NetworkType.FLAT, "physnet1", null), segments.choose(m, "flat", "physnet1", null));
        assertType("FlatNetworkInUse", () -> segments.choose(m, "flat", "public", null));
        assertType("InvalidInput", () -> segments.choose(m, "flat", null, null));
        assertType("InvalidInput", () -> segments.choose(m, "flat", "physnet1", 5));
    }

    @Test
    void macsAreNeutronStyleAndUnique() {
        MacAllocator macs = new MacAllocator(new Random(1));
        String mac = macs.allocate(NetworkModel.EMPTY, "n");
        assertTrue(mac.matches("fa:16:3e:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}"), mac);
        // Same seed, so the first candidate collides with the existing port; the next one is used.
        NetworkModel m = NetworkModel.EMPTY.withPort(new Port("p", "", "", "x", "n", mac, List.of(), true, "DOWN", "",
                "", "", true, List.of(), T, T, 1, List.of(), Map.of(), List.of()));
        assertNotEquals(mac, new MacAllocator(new Random(1)).allocate(m, "n"));
        assertEquals("fa:16:3e:aa:bb:cc", MacAllocator.canonical("FA-16-3E-AA-BB-CC", "mac_address"));
        assertType("HTTPBadRequest", () -> MacAllocator.canonical("01:00:5e:00:00:01", "mac_address"));
        assertType("HTTPBadRequest", () -> MacAllocator.canonical("fa:16:3e:aa:bb", "mac_address"));
    }

    @Test
    void vlanRangesParseLikeNeutronConfig() {
        assertEquals(Map.of("physnet1", new VlanRange(100, 199), "p2", new VlanRange(5, 5)),
                ServiceConfig.parseVlanRanges("physnet1:100:199, p2:5:5"));
        assertEquals(Map.of(), ServiceConfig.parseVlanRanges(""));
    }

    private static Network network(String id, NetworkType type, String physnet, Integer segId) {
        return new Network(id, id, "", "p", true, false, false, type, physnet, segId, 1500, "ACTIVE", T, T, 1, false, true,
                List.of());
    }
}
