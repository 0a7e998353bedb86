package dev.muon.pipeline.compile;

import static dev.muon.pipeline.compile.TrunkTopology.PARENT;
import static dev.muon.pipeline.compile.TrunkTopology.SUB1;
import static dev.muon.pipeline.compile.TrunkTopology.SUB3;
import static dev.muon.pipeline.compile.TrunkTopology.TBR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.flow.Cookies;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowDump;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.SubPort;
import dev.muon.pipeline.node.ObservedInterface;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seed 000's trunk wired by the compiler: the trunk bridge and its patch pairs, named and
 * tagged as Neutron's trunk driver does, the flows of br-int and of the trunk bridge
 * (golden), and every step of a trunk's life: plugged by os-vif or created for a bound
 * parent, subports added and removed, the trunk deleted with or without its VM.
 */
class TrunkWiringTest {

    private static DesiredState node1(TrunkTopology tt) {
        return tt.compile("node1");
    }

    private static Optional<BridgeSpec> bridge(DesiredState d, String name) {
        return d.bridges().stream().filter(b -> b.name().equals(name)).findFirst();
    }

    private static List<String> portNames(DesiredState d, String bridge) {
        return bridge(d, bridge).orElseThrow().ports().stream().map(PortSpec::name).toList();
    }

    private static PortSpec port(DesiredState d, String bridge, String name) {
        return bridge(d, bridge).orElseThrow().ports().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not on " + bridge));
    }

    @Test
    void namesAreNeutronsCutTo15CharactersAndTheBridgeTo14() {
        assertEquals("tbr-3b9bb4f7-a", TrunkNames.bridge(TrunkTopology.TRUNK), "seed 000's ovs-vsctl list-br");
        assertEquals("tpt-027824df-17", TrunkNames.parentTrunkSide(PARENT));
        assertEquals("tpi-027824df-17", TrunkNames.parentIntegrationSide(PARENT));
        assertEquals("spt-867d7f27-8d", TrunkNames.subportTrunkSide(SUB1));
        assertEquals("spi-867d7f27-8d", TrunkNames.subportIntegrationSide(SUB1));
        assertEquals("tbr-abc", TrunkNames.bridge("abc"));
        assertTrue(TrunkNames.isTrunkBridge(TBR));
        assertFalse(TrunkNames.isTrunkBridge("br-int"));
    }

    @ParameterizedTest
    @CsvSource({"br-int", TBR, "br-eth1"})
    void seed000Golden(String bridge) throws IOException {
        DesiredState d = node1(TrunkTopology.seed000());
        String actual = FlowDump.render(d.flows(bridge));
        Path golden = Path.of("src/test/resources/golden/seed000-node1-" + bridge + ".txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual);
    }

    @Test
    void theTrunkBridgeAndItsPatchPairsAreTaggedAsSeed000Shows() {
        DesiredState d = node1(TrunkTopology.seed000());
        BridgeSpec tbr = bridge(d, TBR).orElseThrow();
        assertTrue(tbr.ephemeral());
        assertEquals("secure", tbr.failMode());
        assertEquals(DatapathIds.hex(DatapathIds.of("node1", TBR)), tbr.datapathId());
        assertEquals("tcp:127.0.0.1:6653", tbr.controllerTarget());
        assertEquals("netdev", tbr.datapathType());

        // tpt- untagged, spt- tagged with the VLAN the VM sees
        assertEquals(List.of("tpt-027824df-17", "spt-867d7f27-8d", "spt-dd79c326-2a", "spt-e7837b32-b5"),
                portNames(d, TBR));
        assertNull(port(d, TBR, "tpt-027824df-17").tag());
        assertEquals(Map.of("peer", "tpi-027824df-17"), port(d, TBR, "tpt-027824df-17").options());
        assertEquals(1100, port(d, TBR, "spt-867d7f27-8d").tag());
        assertEquals(1200, port(d, TBR, "spt-dd79c326-2a").tag());
        assertEquals(1300, port(d, TBR, "spt-e7837b32-b5").tag());
        assertEquals(Map.of(), port(d, TBR, "spt-867d7f27-8d").externalIds());

        // tpi-/spi- are VIFs of their ports, tagged with their networks' local VLANs (seed: tag 4, 1, 2, 3)
        PortSpec tpi = port(d, "br-int", "tpi-027824df-17");
        assertEquals("patch", tpi.type());
        assertEquals(Map.of("peer", "tpt-027824df-17"), tpi.options());
        assertEquals(Map.of("iface-id", PARENT, "attached-mac", "fa:16:3e:31:39:80"), tpi.externalIds());
        assertNull(tpi.tag(), "a VIF's tag comes from vifTags");
        assertEquals(Map.of("iface-id", SUB1, "attached-mac", "fa:16:3e:a6:85:1a"),
                port(d, "br-int", "spi-867d7f27-8d").externalIds());
        assertEquals(4, d.vifTags().get("tpi-027824df-17"));
        assertEquals(1, d.vifTags().get("spi-867d7f27-8d"));
        assertEquals(2, d.vifTags().get("spi-dd79c326-2a"));
        assertEquals(3, d.vifTags().get("spi-e7837b32-b5"));
        assertFalse(d.vifTags().containsKey(TrunkTopology.VM_TAP), "the VM's own port on tbr is a trunk port");
        assertEquals(List.of("patch-tun", "int-br-eth1", "tpi-027824df-17", "spi-867d7f27-8d", "spi-dd79c326-2a",
                "spi-e7837b32-b5"), portNames(d, "br-int"));
    }

    @Test
    void nothingOfTheTrunkExistsOnAnotherNode() {
        DesiredState d = TrunkTopology.seed000().compile("node2");
        assertTrue(bridge(d, TBR).isEmpty());
        assertEquals(List.of("patch-tun", "int-br-eth1"), portNames(d, "br-int"));
        assertFalse(d.flows().containsKey(TBR));
    }

    @Test
    void osVifPluggingTheVmIntoTheTrunkBridgeGetsItWiredWithThePatchPortsBornParked() {
        DesiredState d = node1(TrunkTopology.seed000().vifOnly());
        assertEquals(4, portNames(d, TBR).size());
        assertEquals(6, portNames(d, "br-int").size());
        // not observed yet: created on the dead VLAN, re-tagged once OVS reports them
        assertEquals(Bridges.DEAD_VLAN, d.vifTags().get("tpi-027824df-17"));
        assertEquals(Bridges.DEAD_VLAN, d.vifTags().get("spi-e7837b32-b5"));
        // no flows for ports OVS has not numbered yet, only the trunk bridge's default drop
        assertEquals("cookie=" + hex(pipeline()) + ", table=0, priority=0 actions=drop\n",
                FlowDump.render(d.flows(TBR)));
        assertTrue(FlowDump.render(d.flows("br-int")).lines().noneMatch(l -> l.contains("in_port=28")));
    }

    @Test
    void aParentBoundToTheNodeGetsItsTrunkBridgeBeforeTheVmIsPlugged() {
        TrunkTopology tt = TrunkTopology.seed000().unplugged();
        DesiredState d = node1(tt);
        BridgeSpec tbr = bridge(d, TBR).orElseThrow();
        assertEquals(List.of(), tbr.ports(), "no patch pair until the VM is plugged");
        assertTrue(tbr.ephemeral());
        assertEquals(1, d.flows(TBR).size());
        assertTrue(portNames(d, "br-int").stream().noneMatch(n -> n.startsWith("tpi-") || n.startsWith("spi-")));

        // a parent bound elsewhere, or plugged straight into br-int, gets no trunk bridge here
        TrunkTopology elsewhere = TrunkTopology.seed000().unplugged()
                .update(PARENT, p -> p.withBinding("node2", "DOWN"));
        assertTrue(bridge(node1(elsewhere), TBR).isEmpty());
        TrunkTopology direct = TrunkTopology.seed000().unplugged();
        direct.t.plug("node1", SeedTopology.iface("tap027824df-17", "br-int", 40,
                TrunkTopology.vif(PARENT, "fa:16:3e:31:39:80")));
        assertTrue(bridge(node1(direct), TBR).isEmpty());
    }

    @Test
    void aTrunkBridgeOfAnUnboundParentWithNoVifIsNotWanted() {
        TrunkTopology tt = TrunkTopology.seed000().withoutInterfaces(TrunkTopology.VM_TAP)
                .update(PARENT, p -> p.withBinding("", "DOWN"));
        DesiredState d = node1(tt);
        assertTrue(bridge(d, TBR).isEmpty(), "an ephemeral bridge no desired state names is deleted");
        assertTrue(portNames(d, "br-int").stream().noneMatch(n -> n.startsWith("tpi-") || n.startsWith("spi-")));
    }

    @Test
    void removingASubportRemovesItsPatchPairAndOnlyItsFlows() {
        DesiredState before = node1(TrunkTopology.seed000());
        TrunkTopology tt = TrunkTopology.seed000();
        tt.trunk = tt.trunk.withSubPorts(tt.trunk.subPorts().subList(0, 2));
        DesiredState removed = node1(tt);
        assertFalse(portNames(removed, TBR).contains("spt-e7837b32-b5"));
        assertFalse(portNames(removed, "br-int").contains("spi-e7837b32-b5"));
        // VLAN 1300 stops on the trunk bridge at once, before OVS has even deleted the patch ports
        assertOnlyGone(before, removed, TBR, Cookies.of(Cookies.Kind.PORT, SUB3));
        // and once OVS has deleted them, br-int forgets the subport, and net3 which only it had here
        DesiredState after = node1(tt.withoutInterfaces("spt-e7837b32-b5", "spi-e7837b32-b5"));
        assertOnlyGone(before, after, "br-int", Cookies.of(Cookies.Kind.PORT, SUB3),
                Cookies.of(Cookies.Kind.NETWORK, "net3"));
        assertOnlyGone(before, after, TBR, Cookies.of(Cookies.Kind.PORT, SUB3));
        assertFalse(after.vifTags().containsKey("spi-e7837b32-b5"));
    }

    /** {@code after}'s flows on {@code bridge} are {@code before}'s minus some, all of the {@code owners}. */
    private static void assertOnlyGone(DesiredState before, DesiredState after, String bridge, Long... owners) {
        List<Flow> gone = before.flows(bridge).stream().filter(f -> !after.flows(bridge).contains(f)).toList();
        assertFalse(gone.isEmpty(), bridge + ": nothing removed");
        assertTrue(gone.stream().allMatch(f -> List.of(owners).contains(f.cookie())), FlowDump.render(gone));
        assertTrue(after.flows(bridge).stream().allMatch(before.flows(bridge)::contains), bridge + ": nothing new");
    }

    @Test
    void addingASubportToALiveTrunkWiresItAtOnce() {
        TrunkTopology tt = TrunkTopology.seed000();
        tt.t.port("port-net4", "net1", "subnet1", "192.168.10.40", "fa:16:3e:00:00:40", "");
        List<SubPort> more = new ArrayList<>(tt.trunk.subPorts());
        more.add(new SubPort("port-net4", SubPort.VLAN, 1400));
        tt.trunk = tt.trunk.withSubPorts(more);
        DesiredState d = node1(tt);
        assertEquals(1400, port(d, TBR, "spt-port-net4").tag());
        assertEquals(Map.of("iface-id", "port-net4", "attached-mac", "fa:16:3e:00:00:40"),
                port(d, "br-int", "spi-port-net4").externalIds());
        assertEquals(Bridges.DEAD_VLAN, d.vifTags().get("spi-port-net4"));
    }

    @Test
    void deletingTheTrunkWithTheVmStillPluggedLeavesOnlyTheVmOnAnIsolatedBridge() {
        TrunkTopology tt = TrunkTopology.seed000();
        tt.trunk = null;
        DesiredState d = node1(tt);
        BridgeSpec tbr = bridge(d, TBR).orElseThrow();
        assertEquals(List.of(), tbr.ports(), "tpt-/spt- removed");
        assertEquals(List.of(), d.flows(TBR), "no flow of Muon's stays on it");
        assertTrue(portNames(d, "br-int").stream().noneMatch(n -> n.startsWith("tpi-") || n.startsWith("spi-")));

        // once os-vif has unplugged the VM, the bridge is not wanted anymore
        tt.withoutInterfaces(TrunkTopology.VM_TAP);
        assertTrue(bridge(node1(tt), TBR).isEmpty());
    }

    @Test
    void deletingTheTrunkLeavesBrIntAsIfItNeverExisted() {
        TrunkTopology trunked = TrunkTopology.seed000();
        trunked.trunk = null;
        trunked.withoutInterfaces(TrunkTopology.VM_TAP);
        TrunkTopology never = TrunkTopology.seed000().unplugged().update(PARENT, p -> p.withBinding("node1", "DOWN"));
        never.trunk = null;
        // once OVS has dropped the patch ports Muon removed (the empty tbr is not wanted: deleted)
        DesiredState a = node1(trunked.withoutInterfaces(TrunkTopology.wiring().stream()
                .map(ObservedInterface::name).toArray(String[]::new)));
        DesiredState b = node1(never);
        assertEquals(FlowDump.render(b.flows("br-int")), FlowDump.render(a.flows("br-int")));
        assertEquals(b.bridges(), a.bridges());
        assertEquals(b.vifTags(), a.vifTags());
    }

    @Test
    void aSubportOnANetworkTheNodeCannotCarryStaysOnTheDeadVlan() {
        TrunkTopology tt = TrunkTopology.seed000();
        tt.t.providerNetwork("net-far", "far", NetworkType.VLAN, "physnet9", 1999);
        tt.t.subnet("subnet-far", "net-far", "192.168.90.0/24");
        tt.update(SUB3, p -> new Port(p.id(), p.name(), p.description(), p.projectId(), "net-far", p.macAddress(),
                List.of(new FixedIp("subnet-far", "192.168.90.4")), p.adminStateUp(),
                p.status(), p.deviceId(), p.deviceOwner(), p.bindingHostId(), p.portSecurityEnabled(),
                p.allowedAddressPairs(), p.createdAt(), p.updatedAt(), p.revisionNumber(), p.securityGroups(),
                p.bindingProfile(), p.tags()));
        DesiredState d = node1(tt);
        assertEquals(Bridges.DEAD_VLAN, d.vifTags().get("spi-e7837b32-b5"));
        assertTrue(d.warnings().stream().anyMatch(w -> w.contains(SUB3)), d.warnings().toString());
        assertTrue(FlowDump.render(d.flows("br-int")).contains("priority=2,in_port=31 actions=drop"));
    }

    private static long pipeline() {
        return Cookies.of(Cookies.Kind.PIPELINE, "pipeline");
    }

    private static String hex(long cookie) {
        return "0x" + Long.toHexString(cookie);
    }
}
