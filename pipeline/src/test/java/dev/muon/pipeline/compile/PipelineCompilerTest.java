package dev.muon.pipeline.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.PipelineTable;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.Port;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineCompilerTest {
    private static final Map<String, Integer> VLANS = Map.of("net-private", 1, "net-private2", 2);

    @Test
    void tunnelMeshHasOnePortPerOtherNode() {
        DesiredState d = PipelineCompiler.compile(SeedTopology.seed003().input("node2", VLANS));
        BridgeSpec tun = d.bridges().stream().filter(b -> b.name().equals("br-tun")).findFirst().orElseThrow();
        assertEquals(List.of("patch-int", "vxlan-c0a8010b", "vxlan-c0a8010d"),
                tun.ports().stream().map(PortSpec::name).toList());
        PortSpec toNode1 = tun.ports().get(1);
        assertEquals(Map.of("remote_ip", "192.168.1.11", "local_ip", "192.168.1.12", "in_key", "flow",
                "out_key", "flow"), toNode1.options());
        assertEquals("secure", tun.failMode());
        assertEquals("tcp:127.0.0.1:6653", tun.controllerTarget());
        assertEquals("netdev", tun.datapathType());
    }

    @Test
    void nodesClaimingOneEncapIpShareOneTunnelPortAndNoneGoesToTheNodesOwnAddress() {
        SeedTopology t = SeedTopology.seed003();
        t.node("node0", "192.168.1.13", List.of());   // node3's address, and a name that sorts first
        t.node("node8", "192.168.1.12", List.of());   // node2's own address
        DesiredState d = PipelineCompiler.compile(t.input("node2", VLANS));
        BridgeSpec tun = d.bridges().stream().filter(b -> b.name().equals("br-tun")).findFirst().orElseThrow();
        assertEquals(List.of("patch-int", "vxlan-c0a8010b", "vxlan-c0a8010d"),
                tun.ports().stream().map(PortSpec::name).sorted().toList());
        List<String> fromTunnels = FlowSelection.in(d, Bridges.TUNNEL, PipelineTable.TUN_LOCAL, Priority.TUNNEL_PORT_IN)
                .stream().filter(f -> f.actionsText().equals("goto_table:" + PipelineTable.TUN_VXLAN_TUN_TO_LV.number()))
                .map(Flow::toOfctl).toList();
        assertEquals(2, fromTunnels.size(), "one flow per tunnel port (node1's and node3's): " + fromTunnels);
        assertTrue(FlowSelection.in(d, Bridges.TUNNEL, PipelineTable.TUN_UCAST_TO_TUN, Priority.REMOTE_MAC).stream()
                        .anyMatch(f -> "fa:16:3e:96:e2:a4".equals(f.match().ethDst())),
                "node3's VM (port-test05) is still reached through the shared tunnel");
    }

    @Test
    void vifsGetTheirNetworksLocalVlanAndUnknownVifsTheDeadVlan() {
        SeedTopology t = SeedTopology.seed003();
        List<dev.muon.pipeline.node.ObservedInterface> ifaces = new java.util.ArrayList<>(t.nodes.get("node2").interfaces());
        ifaces.add(SeedTopology.iface("tap-stranger", "br-int", 9, Map.of("iface-id", "no-such-port")));
        t.node("node2", "192.168.1.12", ifaces);
        DesiredState d = PipelineCompiler.compile(t.input("node2", VLANS));
        assertEquals(Map.of("qvo28e6e267-f3", 1, "qvo06557f2b-83", 2, "tap-stranger", 4095), d.vifTags());
    }

    @Test
    void floodGoesOnlyWhereTheNetworkLives() {
        SeedTopology t = SeedTopology.seed003();
        t.ports.removeIf(p -> p.id().equals("port-test04"));   // private2 now only on node2
        List<Flow> flood = FlowSelection.in(PipelineCompiler.compile(t.input("node2", VLANS)), Bridges.TUNNEL,
                PipelineTable.TUN_FLOOD_TO_TUN, Priority.FLOOD);
        assertTrue(flood.stream().noneMatch(f -> Integer.valueOf(2).equals(f.match().vlan())),
                "no flood for a network only this node has");
        assertTrue(flood.stream().anyMatch(f -> Integer.valueOf(1).equals(f.match().vlan())),
                "the network that lives elsewhere too still floods");
    }

    @Test
    void unboundRemotePortsAreNotPopulated() {
        SeedTopology t = SeedTopology.seed003();
        Port p = t.ports.stream().filter(x -> x.id().equals("port-test05")).findFirst().orElseThrow();
        t.port(p.id(), p.networkId(), "sub-private", "10.0.0.4", p.macAddress(), "");
        List<Flow> tun = PipelineCompiler.compile(t.input("node2", VLANS)).flows("br-tun");
        assertTrue(tun.stream().noneMatch(f -> "fa:16:3e:96:e2:a4".equals(f.match().ethDst())));
        assertTrue(tun.stream().anyMatch(f -> "fa:16:3e:5a:6e:54".equals(f.match().ethDst())),
                "a bound remote port of the same network is still populated");
    }

    @Test
    void portSecurityDisabledLeavesThePortToNormalSwitching() {
        SeedTopology t = SeedTopology.seed003();
        Port p = t.ports.stream().filter(x -> x.id().equals("port-test02")).findFirst().orElseThrow();
        t.ports.remove(p);
        t.ports.add(new Port(p.id(), p.name(), "", p.projectId(), p.networkId(), p.macAddress(), p.fixedIps(), true,
                "ACTIVE", "", "", p.bindingHostId(), false, List.of(), p.createdAt(), p.updatedAt(), 2, List.of(),
                p.bindingProfile(), p.tags()));
        DesiredState d = PipelineCompiler.compile(t.input("node2", VLANS));
        long test02 = dev.muon.pipeline.flow.Cookies.of(dev.muon.pipeline.flow.Cookies.Kind.PORT, "port-test02");
        long test03 = dev.muon.pipeline.flow.Cookies.of(dev.muon.pipeline.flow.Cookies.Kind.PORT, "port-test03");
        // no anti-spoofing for test02 (tables 24/25 and the table 0 flows leading there); test03 keeps its own
        for (PipelineTable table : List.of(PipelineTable.INT_ARP_SPOOF, PipelineTable.INT_MAC_SPOOF)) {
            assertEquals(List.of(), FlowSelection.ownedBy(FlowSelection.in(d, Bridges.INTEGRATION, table), test02));
            assertFalse(FlowSelection.ownedBy(FlowSelection.in(d, Bridges.INTEGRATION, table), test03).isEmpty());
        }
        List<Flow> toChecks = FlowSelection.in(d, Bridges.INTEGRATION, PipelineTable.INT_LOCAL_SWITCHING,
                Priority.VIF_NEIGHBOUR_CHECK);
        assertEquals(List.of(), FlowSelection.ownedBy(toChecks, test02));
        assertFalse(FlowSelection.ownedBy(toChecks, test03).isEmpty());
        // its frames go straight on to TRANSIENT (60), where test03's go to MAC_SPOOF (25)
        List<Flow> entry = FlowSelection.in(d, Bridges.INTEGRATION, PipelineTable.INT_LOCAL_SWITCHING,
                Priority.VIF_MAC_CHECK);
        assertEquals("goto_table:60", last(FlowSelection.ownedBy(entry, test02)));
        assertEquals("goto_table:25", last(FlowSelection.ownedBy(entry, test03)));
        // DHCP still goes to the controller
        assertEquals(1, FlowSelection.ownedBy(FlowSelection.in(d, Bridges.INTEGRATION,
                PipelineTable.INT_LOCAL_SWITCHING, Priority.DHCP_TO_CONTROLLER), test02).size());
    }

    @Test
    void noTunnelFlowsBeforePatchPortHasAnOfport() {
        SeedTopology t = SeedTopology.seed003();
        t.node("node2", "192.168.1.12", List.of());
        DesiredState d = PipelineCompiler.compile(t.input("node2", VLANS));
        assertTrue(d.flows("br-tun").isEmpty());
        assertTrue(d.flows("br-int").stream().allMatch(f -> f.priority() == 0 || f.match().has(dev.muon.pipeline.flow.Field.VLAN_VID)),
                "only the static br-int tables: " + d.flows("br-int"));
    }

    @Test
    void everyCookieIsExplained() {
        DesiredState d = PipelineCompiler.compile(SeedTopology.seed003().input("node2", VLANS));
        d.flows().values().forEach(fs -> fs.forEach(f ->
                assertTrue(d.cookieOwners().containsKey(f.cookie()), f.toOfctl())));
        assertTrue(d.cookieOwners().values().contains("port port-test05 (port-test05)"));
    }

    private static String last(List<Flow> flows) {
        assertEquals(1, flows.size(), flows.toString());
        List<dev.muon.pipeline.flow.Action> a = flows.get(0).actions();
        return a.get(a.size() - 1).toOfctl();
    }
}
