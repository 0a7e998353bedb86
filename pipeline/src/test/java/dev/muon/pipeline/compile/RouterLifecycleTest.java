package dev.muon.pipeline.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.flow.Cookies;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.FlowDiff;
import dev.muon.pipeline.flow.FlowDump;
import dev.muon.pipeline.flow.PipelineTable;
import dev.muon.pipeline.model.HostRoute;
import dev.muon.pipeline.model.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A router's life on seed 003 plus seed 000's provider networks (node1 and node2 map physnet1,
 * node3 does not): interface add/remove, extra routes, admin down, delete. Each change touches
 * only the flows of the objects involved, and undoing it leaves exactly the flows of a topology
 * that never saw it (the oracle the L2 lifecycle tests use).
 */
class RouterLifecycleTest {

    /** Local VLANs with room for every network a router reaches. */
    static Map<String, Integer> vlans(String host) {
        return switch (host) {
            case "node1" -> Map.of("net-private", 1, "net-private2", 2, "net-vlan1031", 3, "net-public", 4);
            case "node2" -> Map.of("net-private", 1, "net-private2", 2, "net-vlan1031", 5, "net-vlan1090", 6);
            default -> Map.of("net-private", 1, "net-private2", 2);
        };
    }

    /** seedL2 with every node's DVR MAC and no router. */
    static SeedTopology plain() {
        SeedTopology t = SeedTopology.seedL2();
        t.dvrMacs.put("node1", "fa:16:3f:00:00:01");
        t.dvrMacs.put("node2", "fa:16:3f:00:00:02");
        t.dvrMacs.put("node3", "fa:16:3f:00:00:03");
        return t;
    }

    /** ... with router1 on private (10.0.0.1) and private2 (10.1.0.1). */
    static SeedTopology routed() {
        SeedTopology t = plain();
        t.router("router1", 1);
        t.routerInterface("qr-private", "router1", "net-private", "sub-private", "10.0.0.1", "fa:16:3e:00:01:01");
        t.routerInterface("qr-private2", "router1", "net-private2", "sub-private2", "10.1.0.1", "fa:16:3e:00:01:02");
        return t;
    }

    static Map<String, DesiredState> compileAll(SeedTopology t) {
        Map<String, DesiredState> out = new TreeMap<>();
        for (String host : t.nodes.keySet()) {
            out.put(host, PipelineCompiler.compile(t.input(host, vlans(host))));
        }
        return out;
    }

    static List<Flow> changed(SeedTopology before, SeedTopology after) {
        Map<String, DesiredState> a = compileAll(before);
        Map<String, DesiredState> b = compileAll(after);
        List<Flow> out = new ArrayList<>();
        for (String host : a.keySet()) {
            Set<String> bridges = new TreeSet<>(a.get(host).flows().keySet());
            bridges.addAll(b.get(host).flows().keySet());
            for (String bridge : bridges) {
                FlowChanges c = FlowDiff.between(a.get(host).flows(bridge), b.get(host).flows(bridge));
                out.addAll(c.upserts());
                out.addAll(c.deletes());
            }
        }
        return out;
    }

    static void assertSameFlows(SeedTopology expected, SeedTopology actual) {
        Map<String, DesiredState> e = compileAll(expected);
        Map<String, DesiredState> a = compileAll(actual);
        for (String host : e.keySet()) {
            Set<String> bridges = new TreeSet<>(e.get(host).flows().keySet());
            bridges.addAll(a.get(host).flows().keySet());
            for (String bridge : bridges) {
                assertEquals(FlowDump.render(e.get(host).flows(bridge)), FlowDump.render(a.get(host).flows(bridge)),
                        host + " " + bridge);
            }
        }
    }

    static void assertOnlyTouches(List<Flow> changed, Set<Long> owners) {
        assertFalse(changed.isEmpty(), "the change changed nothing");
        // the ports involved are members of the seeds' default group: its flows and its rules' are involved too
        Set<Long> involved = new java.util.HashSet<>(owners);
        involved.addAll(SeedTopology.defaultGroupCookies());
        List<Flow> foreign = changed.stream().filter(f -> !involved.contains(f.cookie())).toList();
        assertTrue(foreign.isEmpty(), "flows of uninvolved objects changed:\n" + FlowDump.render(foreign));
    }

    static long router(String id) {
        return Cookies.of(Cookies.Kind.ROUTER, id);
    }

    static long port(String id) {
        return Cookies.of(Cookies.Kind.PORT, id);
    }

    static Router withRoutes(Router r, List<HostRoute> routes) {
        return r.withRoutes(routes);
    }

    @Test
    void anInterfaceOnAVlanNetworkComesAndGoesWithoutATrace() {
        SeedTopology with = routed();
        with.routerInterface("qr-vlan", "router1", "net-vlan1031", "sub-vlan1031", "192.168.10.1", "fa:16:3e:00:01:03");
        List<Flow> added = changed(routed(), with);
        // the router's own flows, the neighbour/delivery entries of vlan1031's ports, and on node3 (which
        // has private and private2 but no mapping for physnet1) nothing for the VLAN network at all
        assertOnlyTouches(added, Set.of(router("router1"), port("port-vlan-a"), port("port-vlan-b"),
                Cookies.of(Cookies.Kind.NETWORK, "net-vlan1031"), Cookies.of(Cookies.Kind.PIPELINE, "pipeline")));
        assertTrue(added.stream().anyMatch(f -> f.toOfctl().contains("nw_dst=192.168.10.0/24")), "routes to it");
        Map<String, DesiredState> node3 = compileAll(with);
        assertTrue(node3.get("node3").flows("br-int").stream().noneMatch(f -> f.toOfctl().contains("192.168.10.0/24")),
                "node3 cannot carry physnet1: it does not route to the VLAN subnet (its echo replies for 192.168.10.1 stay)");
        assertSameFlows(routed(), routed());
        SeedTopology removed = with;
        removed.removePort("qr-vlan");
        assertSameFlows(routed(), removed);
    }

    @Test
    void extraRoutesTouchOnlyTheRouterAndGoAway() {
        SeedTopology with = routed();
        with.updateRouter("router1", r -> withRoutes(r, List.of(new HostRoute("10.99.0.0/24", "10.1.0.10"),
                new HostRoute("10.1.0.0/24", "10.0.0.4"))));   // a connected subnet is not overridden
        List<Flow> added = changed(routed(), with);
        assertOnlyTouches(added, Set.of(router("router1")));
        assertTrue(added.stream().allMatch(f -> f.table() == PipelineTable.INT_L3_ROUTE.number()
                && f.toOfctl().contains("nw_dst=10.99.0.0/24") && f.toOfctl().contains("load:0xa01000a->NXM_NX_REG1[]")),
                FlowDump.render(added));
        with.updateRouter("router1", r -> withRoutes(r, List.of()));
        assertSameFlows(routed(), with);
    }

    @Test
    void aRouterDownOrDeletedLeavesExactlyTheFlowsOfNoRouter() {
        SeedTopology down = routed();
        down.updateRouter("router1", r -> new Router(r.id(), r.name(), r.description(), r.projectId(), false, r.status(),
                r.gateway(), r.distributed(), r.ha(), r.routes(), r.tags(), r.createdAt(), r.updatedAt(),
                r.revisionNumber()));
        SeedTopology none = plain();
        // the interface ports stay in the model while the router is down; they carry no flow of their own
        none.routerInterface("qr-private", "router1", "net-private", "sub-private", "10.0.0.1", "fa:16:3e:00:01:01");
        none.routerInterface("qr-private2", "router1", "net-private2", "sub-private2", "10.1.0.1", "fa:16:3e:00:01:02");
        assertSameFlows(none, down);

        SeedTopology deleted = routed();
        deleted.removePort("qr-private");
        deleted.removePort("qr-private2");
        deleted.routers.clear();
        assertSameFlows(plain(), deleted);
        assertOnlyTouches(changed(routed(), deleted), Set.of(router("router1"), Cookies.of(Cookies.Kind.PIPELINE, "pipeline"),
                port("port-test01"), port("port-test02"), port("port-test03"), port("port-test04"), port("port-test05"),
                port("port-down")));
    }

    @Test
    void aVmMovingBetweenNodesMovesItsNeighbourEntry() {
        SeedTopology before = routed();
        SeedTopology moved = routed();
        // test04 (private2) leaves node3 and is plugged on node1, where only private was local
        moved.unplug("node3", "qvo62806dde-b9");
        moved.plug("node1", SeedTopology.iface("qvo62806dde-b9", "br-int", 12, Map.of("iface-id", "port-test04")));
        moved.update("port-test04", p -> p.withBinding("node1", "ACTIVE"));
        String n2 = FlowDump.render(compileAll(moved).get("node2").flows("br-tun"));
        assertTrue(n2.contains("dl_vlan=2,dl_dst=fa:16:3e:44:44:04 actions=pop_vlan,set_field:0x43->tun_id,output:2"),
                "node2 now tunnels routed frames for test04 to node1:\n" + n2);
        // private2 becomes local on node1 (test03 answered by its ARP responder there)
        assertOnlyTouches(changed(before, moved), Set.of(port("port-test04"), port("port-test03"),
                Cookies.of(Cookies.Kind.NETWORK, "net-private2"),
                router("router1"), Cookies.of(Cookies.Kind.NODE, "node1"), Cookies.of(Cookies.Kind.NODE, "node3"),
                Cookies.of(Cookies.Kind.PIPELINE, "pipeline")));
    }

    @Test
    void overlappingCidrsBehindDifferentRoutersStayApart() {
        // router2 joins vlan1090 (10.0.0.0/24, the CIDR of private) and vlan1031; on node2 both 10.0.0.8s are local
        SeedTopology t = routed();
        t.router("router2", 2);
        t.routerInterface("qr2-1090", "router2", "net-vlan1090", "sub-vlan1090", "10.0.0.1", "fa:16:3e:00:02:01");
        t.routerInterface("qr2-1031", "router2", "net-vlan1031", "sub-vlan1031", "192.168.10.1", "fa:16:3e:00:02:02");
        String brInt = FlowDump.render(compileAll(t).get("node2").flows("br-int"));
        // each router routes 10.0.0.0/24 to its own network's local VLAN (private 1, vlan1090 6)
        assertTrue(brInt.contains("table=77, priority=124,ip,reg4=0x1,nw_dst=10.0.0.0/24 actions=dec_ttl,"
                + "set_field:fa:16:3e:00:01:01->eth_src,load:0x1->NXM_NX_REG6[]"), brInt);
        assertTrue(brInt.contains("table=77, priority=124,ip,reg4=0x2,nw_dst=10.0.0.0/24 actions=dec_ttl,"
                + "set_field:fa:16:3e:00:02:01->eth_src,load:0x6->NXM_NX_REG6[]"), brInt);
        // and 10.0.0.8 resolves per network: test02 on private, overlap-b on vlan1090
        assertTrue(brInt.contains("table=80, priority=100,ip,reg1=0xa000008,reg6=0x1 actions=set_field:fa:16:3e:76:47:75->eth_dst"), brInt);
        assertTrue(brInt.contains("table=80, priority=100,ip,reg1=0xa000008,reg6=0x6 actions=set_field:fa:16:3e:10:90:08->eth_dst"), brInt);
        // each gateway 10.0.0.1 answers on its own network only
        assertTrue(brInt.contains("table=74, priority=100,arp,reg6=0x1,arp_tpa=10.0.0.1,arp_op=1 actions=move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],set_field:fa:16:3e:00:01:01"), brInt);
        assertTrue(brInt.contains("table=74, priority=100,arp,reg6=0x6,arp_tpa=10.0.0.1,arp_op=1 actions=move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],set_field:fa:16:3e:00:02:01"), brInt);
    }
}
