package dev.muon.pipeline.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.PipelineTable;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.flow.FlowDump;
import dev.muon.pipeline.node.NodeState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** VLAN and flat networks through the node's bridge mappings (seed 000's br-eth1, br-ex). */
class ProviderNetworksTest {

    private static DesiredState compile(SeedTopology t, String host) {
        return PipelineCompiler.compile(t.input(host, SeedTopology.seedL2Vlans(host)));
    }

    private static BridgeSpec bridge(DesiredState d, String name) {
        return d.bridges().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> portNames(BridgeSpec b) {
        return b.ports().stream().map(PortSpec::name).toList();
    }

    @Test
    void eachMappedBridgeIsOwnedWithItsPatchPairButNotItsNics() {
        DesiredState d = compile(SeedTopology.seedL2(), "node1");
        assertEquals(List.of("br-int", "br-tun", "br-eth1", "br-ex"), d.bridges().stream().map(BridgeSpec::name).toList());
        assertEquals(List.of("patch-tun", "int-br-eth1", "int-br-ex"), portNames(bridge(d, "br-int")));
        BridgeSpec eth1 = bridge(d, "br-eth1");
        assertEquals(List.of(new PortSpec("phy-br-eth1", "patch", Map.of("peer", "int-br-eth1"))), eth1.ports(),
                "the NIC eth1 is the operator's, not Muon's");
        assertEquals(new PortSpec("int-br-eth1", "patch", Map.of("peer", "phy-br-eth1")), bridge(d, "br-int").ports().get(1));
        assertEquals("secure", eth1.failMode());
        assertEquals("netdev", eth1.datapathType());
        assertEquals("tcp:127.0.0.1:6653", eth1.controllerTarget());
        assertEquals(DatapathIds.hex(DatapathIds.of("node1", "br-eth1")), eth1.datapathId());
        assertEquals(Set.of("br-int", "br-tun", "br-ex", "br-eth1"), d.flows().keySet());
    }

    @Test
    void longBridgeNamesGiveNeutronsHashedPortNames() {
        // neutron get_interface_name: prefix + head of the name + sha1(name)[:6], 15 characters
        assertEquals("int-br-prcebb81", Bridges.integrationPatchName("br-provider1"));
        assertEquals("phy-br-prcebb81", Bridges.physicalPatchName("br-provider1"));
        assertEquals("int-br-ex29b620", Bridges.integrationPatchName("br-ex-physical-long"));
        assertEquals("phy-br-eth1", Bridges.physicalPatchName("br-eth1"));
    }

    @Test
    void aNetworkHasItsOwnLocalVlanOnEachNodeAndOneProviderVlanOnTheWire() {
        SeedTopology t = SeedTopology.seedL2();
        // vlan1031 is local VLAN 3 on node1 and 5 on node2
        assertTrue(has(compile(t, "node1").flows("br-eth1"),
                "table=0, priority=4,in_port=1,dl_vlan=3 actions=set_field:5127->vlan_vid,goto_table:1"));
        assertTrue(has(compile(t, "node2").flows("br-eth1"),
                "table=0, priority=4,in_port=1,dl_vlan=5 actions=set_field:5127->vlan_vid,goto_table:1"));
        assertTrue(has(compile(t, "node1").flows("br-int"),
                "table=0, priority=3,in_port=4,dl_vlan=1031 actions=set_field:4099->vlan_vid,goto_table:60"));
        assertTrue(has(compile(t, "node2").flows("br-int"),
                "table=0, priority=3,in_port=4,dl_vlan=1031 actions=set_field:4101->vlan_vid,goto_table:60"));
        assertEquals(3, compile(t, "node1").vifTags().get("tap-vlan-a"));
        assertEquals(5, compile(t, "node2").vifTags().get("tap-vlan-b"));
    }

    @Test
    void flatNetworksAreUntaggedOnTheWire() {
        DesiredState d = compile(SeedTopology.seedL2(), "node1");
        assertTrue(has(d.flows("br-ex"), "table=0, priority=4,in_port=1,dl_vlan=4 actions=pop_vlan,goto_table:1"));
        assertTrue(has(d.flows("br-int"), "table=0, priority=3,in_port=5,vlan_tci=0x0000/0x1fff "
                + "actions=push_vlan:0x8100,set_field:4100->vlan_vid,goto_table:60"));
    }

    @Test
    void aNetworkOnAPhysnetTheNodeDoesNotMapStaysOnTheDeadVlanAndIsReported() {
        SeedTopology t = SeedTopology.seedL2();
        DesiredState d = compile(t, "node2");
        assertEquals(Bridges.DEAD_VLAN, d.vifTags().get("tap-public-b"));
        assertTrue(has(d.flows("br-int"), "table=0, priority=2,in_port=10 actions=drop"));
        assertEquals(1, d.warnings().size(), d.warnings().toString());
        assertTrue(d.warnings().get(0).contains("port-public-b") && d.warnings().get(0).contains("public"),
                d.warnings().get(0));
        assertEquals(Set.of("net-private", "net-private2", "net-vlan1031", "net-vlan1090"),
                NodeTopology.networksNeedingLocalVlan(t.model(), t.nodes.get("node2")));
    }

    @Test
    void mappingsOfBrIntOrOfOneBridgeTwiceAreRefused() {
        SeedTopology t = SeedTopology.seedL2();
        NodeState n = t.nodes.get("node1");
        t.node("node1", "192.168.1.11", Map.of("physnet1", "br-eth1", "public", "br-eth1", "bad", "br-int"), n.interfaces());
        DesiredState d = compile(t, "node1");
        assertEquals(List.of("br-int", "br-tun", "br-eth1"), d.bridges().stream().map(BridgeSpec::name).toList());
        assertEquals(2, d.warnings().stream().filter(w -> w.startsWith("bridge mapping")).count(), d.warnings().toString());
        // the refused mapping carries nothing: the flat "public" network's port stays dead
        assertEquals(4095, d.vifTags().get("tap-public-a"));
        assertFalse(NodeTopology.carries(t.nodes.get("node1"), t.model().network("net-public").orElseThrow()));
    }

    @Test
    void nothingIsTranslatedBeforeThePatchPortsHaveOfports() {
        SeedTopology t = SeedTopology.seedL2();
        t.unplug("node2", "int-br-eth1");
        t.unplug("node2", "phy-br-eth1");
        DesiredState d = compile(t, "node2");
        assertEquals(List.of(), FlowSelection.in(d, Bridges.INTEGRATION, PipelineTable.INT_LOCAL_SWITCHING,
                Priority.PROVIDER_TO_LOCAL_VLAN));
        assertFalse(FlowSelection.in(compile(SeedTopology.seedL2(), "node2"), Bridges.INTEGRATION,
                PipelineTable.INT_LOCAL_SWITCHING, Priority.PROVIDER_TO_LOCAL_VLAN).isEmpty(), "positive control");
        assertEquals("cookie=0x4d75017dfcd9d9a2, table=0, priority=0 actions=NORMAL\n"
                + "cookie=0x4d75017dfcd9d9a2, table=1, priority=0 actions=NORMAL\n", FlowDump.render(d.flows("br-eth1")));
    }

    @Test
    void vlanAndFlatNetworksNeverReachTheTunnelBridge() {
        SeedTopology t = SeedTopology.seedL2();
        for (String host : List.of("node1", "node2", "node3")) {
            List<Flow> tun = compile(t, host).flows("br-tun");
            for (String mac : List.of("fa:16:3e:a6:85:1a", "fa:16:3e:be:dc:65", "fa:16:3e:31:39:80", "fa:16:3e:10:90:08")) {
                assertTrue(tun.stream().noneMatch(f -> mac.equals(f.match().ethDst())), host + " " + mac);
            }
            Set<Integer> vxlanVlans = Set.of(1, 2);
            assertTrue(tun.stream().allMatch(f -> f.match().vlan() == null || vxlanVlans.contains(f.match().vlan())),
                    FlowDump.render(tun));
        }
    }

    static boolean has(List<Flow> flows, String ofctlWithoutCookie) {
        return flows.stream().anyMatch(f -> f.toOfctl().endsWith(ofctlWithoutCookie));
    }
}
