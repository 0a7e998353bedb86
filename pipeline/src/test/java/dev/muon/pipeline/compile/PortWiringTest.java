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
        assertEquals("admin_state_up is false", down.deadReason());
        PortWiring unmapped = d.wiring("port-public-b").orElseThrow();
        assertFalse(unmapped.isWired());
        assertTrue(unmapped.deadReason().contains("physical network public is not mapped"), unmapped.deadReason());
        assertEquals("no port port-nobody", d.wiring("port-nobody").orElseThrow().deadReason());
        for (String tap : new String[] {"tap-down", "tap-public-b", "tap-ghost"}) {
            assertEquals(Bridges.DEAD_VLAN, d.vifTags().get(tap), tap);
        }
    }

    @Test
    void portsNotPluggedHereHaveNoWiring() {
        assertTrue(node2().wiring("port-vlan-a").isEmpty(), "port-vlan-a is plugged on node1");
    }
}
