package dev.muon.pipeline.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.flow.Cookies;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.FlowDiff;
import dev.muon.pipeline.flow.FlowDump;
import dev.muon.pipeline.node.NodeState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Plug, unplug, move, admin down, node join and leave, network delete: for each, the flows
 * that change on every node and bridge all belong to the objects involved, and the result
 * is exactly what a topology that never saw the change compiles to (nothing stale).
 */
class PortLifecycleTest {
    private static final List<String> NODES = List.of("node1", "node2", "node3");

    /** Every node's desired state, by host. */
    private static Map<String, DesiredState> compileAll(SeedTopology t) {
        Map<String, DesiredState> out = new TreeMap<>();
        for (String host : t.nodes.keySet()) {
            out.put(host, PipelineCompiler.compile(t.input(host, SeedTopology.seedL2Vlans(host))));
        }
        return out;
    }

    /** The flows that differ between two topologies, on every node both know, per node and bridge. */
    private static List<Flow> changed(SeedTopology before, SeedTopology after) {
        Map<String, DesiredState> a = compileAll(before);
        Map<String, DesiredState> b = compileAll(after);
        List<Flow> out = new ArrayList<>();
        for (String host : NODES) {
            if (!a.containsKey(host) || !b.containsKey(host)) {
                continue;
            }
            Set<String> bridges = new java.util.TreeSet<>(a.get(host).flows().keySet());
            bridges.addAll(b.get(host).flows().keySet());   // a bridge that appears or goes counts too
            for (String bridge : bridges) {
                FlowChanges c = FlowDiff.between(a.get(host).flows(bridge), b.get(host).flows(bridge));
                out.addAll(c.upserts());
                out.addAll(c.deletes());
            }
        }
        return out;
    }

    private static void assertOnlyTouches(List<Flow> changed, Set<Long> owners) {
        assertFalse(changed.isEmpty(), "the change changed nothing");
        // the ports involved are members of the seeds' default group: its flows and its rules' are involved too
        Set<Long> involved = new java.util.HashSet<>(owners);
        involved.addAll(SeedTopology.defaultGroupCookies());
        List<Flow> foreign = changed.stream().filter(f -> !involved.contains(f.cookie())).toList();
        assertTrue(foreign.isEmpty(), "flows of uninvolved objects changed:\n" + FlowDump.render(foreign));
    }

    private static void assertSameState(SeedTopology expected, SeedTopology actual) {
        Map<String, DesiredState> e = compileAll(expected);
        Map<String, DesiredState> a = compileAll(actual);
        assertEquals(e.keySet(), a.keySet());
        for (String host : e.keySet()) {
            assertEquals(e.get(host).flows().keySet(), a.get(host).flows().keySet(), host + " bridges with flows");
            for (String bridge : e.get(host).flows().keySet()) {
                assertEquals(FlowDump.render(e.get(host).flows(bridge)), FlowDump.render(a.get(host).flows(bridge)),
                        host + " " + bridge);
            }
            assertEquals(e.get(host).vifTags(), a.get(host).vifTags(), host + " tags");
            assertEquals(e.get(host).bridges(), a.get(host).bridges(), host + " bridges");
        }
    }

    private static long port(String id) {
        return Cookies.of(Cookies.Kind.PORT, id);
    }

    private static long network(String id) {
        return Cookies.of(Cookies.Kind.NETWORK, id);
    }

    private static long node(String host) {
        return Cookies.of(Cookies.Kind.NODE, host);
    }

    /** seedL2 with port-test05's VIF gone from node3: DOWN, still bound, as the controller leaves it. */
    private static SeedTopology unplugged() {
        SeedTopology t = SeedTopology.seedL2();
        t.unplug("node3", "qvo4a577779-93");
        t.update("port-test05", p -> p.withBinding("node3", "DOWN"));
        return t;
    }

    @Test
    void unplugRemovesThePortsFlowsEverywhereAndNothingElse() {
        SeedTopology before = SeedTopology.seedL2();
        SeedTopology after = unplugged();
        // node3 had no other port on "private": it drops that network, and with it its entries for test01/test02
        assertOnlyTouches(changed(before, after), Set.of(port("port-test05"), network("net-private"),
                port("port-test01"), port("port-test02")));
        SeedTopology never = SeedTopology.seedL2();
        never.unplug("node3", "qvo4a577779-93");
        neverPlugged(never, "port-test05");
        assertSameState(never, after);
    }

    @Test
    void plugAddsThePortsFlowsEverywhereAndNothingElse() {
        SeedTopology before = unplugged();
        SeedTopology after = SeedTopology.seedL2();
        assertOnlyTouches(changed(before, after), Set.of(port("port-test05"), network("net-private"),
                port("port-test01"), port("port-test02")));
        assertTrue(compileAll(after).get("node1").flows("br-tun").stream()
                .anyMatch(f -> "fa:16:3e:96:e2:a4".equals(f.match().ethDst())));
    }

    @Test
    void moveToAnotherNodeRepointsThePortEverywhere() {
        SeedTopology after = SeedTopology.seedL2();
        after.unplug("node3", "qvo4a577779-93");
        after.plug("node2", SeedTopology.iface("tap-test05", "br-int", 12, Map.of("iface-id", "port-test05")));
        after.update("port-test05", p -> p.withBinding("node2", "ACTIVE"));
        assertOnlyTouches(changed(SeedTopology.seedL2(), after), Set.of(port("port-test05"), network("net-private"),
                port("port-test01"), port("port-test02")));
        Flow toTest05 = compileAll(after).get("node1").flows("br-tun").stream()
                .filter(f -> "fa:16:3e:96:e2:a4".equals(f.match().ethDst())).findFirst().orElseThrow();
        assertEquals("pop_vlan,set_field:0x42->tun_id,output:2", toTest05.actionsText(), "now via node2's tunnel");
    }

    @Test
    void adminDownParksThePortOnTheDeadVlanAndAdminUpRestoresEverything() {
        SeedTopology down = SeedTopology.seedL2();
        down.update("port-test02", p -> SeedTopology.withAdminState(p, false));
        DesiredState node2 = compileAll(down).get("node2");
        assertEquals(Bridges.DEAD_VLAN, node2.vifTags().get("qvo28e6e267-f3"));
        assertTrue(ProviderNetworksTest.has(node2.flows("br-int"), "table=0, priority=2,in_port=3 actions=drop"));
        // node2 had no other port on "private"
        assertOnlyTouches(changed(SeedTopology.seedL2(), down), Set.of(port("port-test02"), network("net-private"),
                port("port-test01"), port("port-test05")));

        SeedTopology up = down;
        up.update("port-test02", p -> SeedTopology.withAdminState(p, true));
        assertSameState(SeedTopology.seedL2(), up);
    }

    @Test
    void nodeLeaveRemovesItsTunnelAndPortsEverywhereAndJoinBringsThemBack() {
        SeedTopology gone = SeedTopology.seedL2();
        gone.nodes.remove("node3");
        Set<Long> involved = Set.of(node("node3"), port("port-test04"), port("port-test05"),
                network("net-private"), network("net-private2"));
        assertOnlyTouches(changed(SeedTopology.seedL2(), gone), involved);
        assertOnlyTouches(changed(gone, SeedTopology.seedL2()), involved);
        BridgeSpec tun = compileAll(gone).get("node1").bridges().stream()
                .filter(b -> b.name().equals("br-tun")).findFirst().orElseThrow();
        assertEquals(List.of("patch-int", "vxlan-c0a8010c"), tun.ports().stream().map(PortSpec::name).toList());

        // as if node3 had never existed
        SeedTopology never = SeedTopology.seedL2();
        never.nodes.remove("node3");
        neverPlugged(never, "port-test04");
        neverPlugged(never, "port-test05");
        for (String host : List.of("node1", "node2")) {
            NodeState n = never.nodes.get(host);
            List<dev.muon.pipeline.node.ObservedInterface> ifaces = new ArrayList<>(n.interfaces());
            ifaces.removeIf(i -> i.name().equals("vxlan-c0a8010d"));
            never.nodes.put(host, new NodeState(n.connectionId(), n.config(), n.bridges(), ifaces));
        }
        assertSameState(never, gone);
    }

    /** The port exists (so still a member of its security groups) but was never bound anywhere. */
    private static void neverPlugged(SeedTopology t, String portId) {
        t.update(portId, p -> p.withBinding("", "DOWN"));
    }

    @Test
    void networkDeleteRemovesItsTranslationAndPortsAndNothingElse() {
        SeedTopology after = SeedTopology.seedL2();
        after.unplug("node2", "tap-overlap-b");
        after.removePort("port-overlap-b");
        after.subnets.removeIf(s -> s.networkId().equals("net-vlan1090"));
        after.networks.removeIf(n -> n.id().equals("net-vlan1090"));
        List<Flow> changed = changed(SeedTopology.seedL2(), after);
        assertOnlyTouches(changed, Set.of(network("net-vlan1090"), port("port-overlap-b")));
        assertTrue(changed.stream().anyMatch(f -> f.toOfctl().endsWith("priority=4,in_port=1,dl_vlan=6 "
                + "actions=set_field:5186->vlan_vid,goto_table:1")), "br-eth1 stops translating it");
        assertTrue(changed.stream().anyMatch(f -> f.toOfctl().endsWith("priority=3,in_port=4,dl_vlan=1090 "
                + "actions=set_field:4102->vlan_vid,goto_table:60")), "br-int stops admitting it");
    }
}
