package dev.muon.pipeline.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The desired state says how each plugged port is wired, and why a dead one is dead; its tag agrees. */
class PortWiringTest {

    private static DesiredState node2() {
        SeedTopology t = SeedTopology.seedL2();
        t.plug("node2", SeedTopology.iface("tap-ghost", "br-int", 12, Map.of("iface-id", "port-nobody")));
        return PipelineCompiler.compile(t.input("node2", SeedTopology.seedL2Vlans("node2")));
    }

    @Test
    void wiredPortsCarryTheirLocalVlanAndTheSameTag() {
        DesiredState d = node2();
        PortWiring vlanB = d.wiring("port-vlan-b").orElseThrow();
        assertTrue(vlanB.isWired());
        assertEquals(5, vlanB.localVlan());
        assertEquals("tap-vlan-b", vlanB.interfaceName());
        assertEquals(5, d.vifTags().get("tap-vlan-b"));
    }

    @Test
    void deadPortsSayWhy() {
        DesiredState d = node2();
        PortWiring down = d.wiring("port-down").orElseThrow();
        assertFalse(down.isWired());
        assertEquals(PortWiring.DeadReason.ADMIN_DOWN, down.deadReason());
        PortWiring unmapped = d.wiring("port-public-b").orElseThrow();
        assertFalse(unmapped.isWired());
        assertEquals(PortWiring.DeadReason.NOT_CARRIED, unmapped.deadReason());
        assertEquals(PortWiring.DeadReason.UNKNOWN_PORT, d.wiring("port-nobody").orElseThrow().deadReason());
        assertFalse(down.isProgrammable());
        for (String tap : new String[] {"tap-down", "tap-public-b", "tap-ghost"}) {
            assertEquals(Bridges.DEAD_VLAN, d.vifTags().get(tap), tap);
        }
    }

    @Test
    void aPortsPathIsTheBridgesThatCarryItOnceEachCanBeProgrammed() {
        DesiredState d = node2();
        assertEquals(java.util.Set.of("br-int", "br-eth1"), d.wiring("port-vlan-b").orElseThrow().path());
        SeedTopology t = SeedTopology.seed003();
        DesiredState vxlan = PipelineCompiler.compile(t.input("node2", Map.of("net-private", 1, "net-private2", 2)));
        assertEquals(java.util.Set.of("br-int", "br-tun"), vxlan.wiring("port-test02").orElseThrow().path());
        assertTrue(vxlan.wiring("port-test02").orElseThrow().isProgrammable());

        // br-tun's patch port not numbered yet: the VXLAN port is wired (tagged) but cannot work yet
        t.unplug("node2", "patch-int");
        DesiredState early = PipelineCompiler.compile(t.input("node2", Map.of("net-private", 1, "net-private2", 2)));
        PortWiring w = early.wiring("port-test02").orElseThrow();
        assertTrue(w.isWired());
        assertFalse(w.isProgrammable());
        // the same for a VLAN port whose phy- patch is not numbered
        SeedTopology l2 = SeedTopology.seedL2();
        l2.unplug("node2", "phy-br-eth1");
        assertFalse(PipelineCompiler.compile(l2.input("node2", SeedTopology.seedL2Vlans("node2")))
                .wiring("port-vlan-b").orElseThrow().isProgrammable());
    }

    @Test
    void portsNotPluggedHereHaveNoWiring() {
        assertTrue(node2().wiring("port-vlan-a").isEmpty(), "port-vlan-a is plugged on node1");
    }

    @Test
    void aVifWithoutAnOfportIsTaggedAheadWithItsLocalVlanAndWiredWhenNumbered() {
        SeedTopology t = SeedTopology.seed003();
        Map<String, Integer> vlans = Map.of("net-private", 1, "net-private2", 2);
        t.port("port-new", "net-private", "sub-private", "10.0.0.50", "fa:16:3e:00:00:50", "");
        t.plug("node2", new dev.muon.pipeline.node.ObservedInterface("tap-new", "br-int", "", null, null,
                Map.of("iface-id", "port-new"), Map.of()));
        DesiredState before = PipelineCompiler.compile(t.input("node2", vlans));
        assertEquals(1, before.vifTags().get("tap-new"), "its own VLAN already, no dead-VLAN tag to undo a moment later");
        assertFalse(before.wiring("port-new").orElseThrow().isWired());
        t.unplug("node2", "tap-new");
        t.plug("node2", SeedTopology.iface("tap-new", "br-int", 9, Map.of("iface-id", "port-new")));
        DesiredState after = PipelineCompiler.compile(t.input("node2", vlans));
        assertEquals(1, after.vifTags().get("tap-new"));
        assertTrue(after.wiring("port-new").orElseThrow().isWired());
    }

    @Test
    void aVifWithoutAnOfportForAnUnknownOrDownPortStaysUntagged() {
        SeedTopology t = SeedTopology.seed003();
        Map<String, Integer> vlans = Map.of("net-private", 1, "net-private2", 2);
        t.plug("node2", new dev.muon.pipeline.node.ObservedInterface("tap-x", "br-int", "", null, null,
                Map.of("iface-id", "port-nobody-knows"), Map.of()));
        assertFalse(PipelineCompiler.compile(t.input("node2", vlans)).vifTags().containsKey("tap-x"));
    }
}
