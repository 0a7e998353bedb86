package dev.muon.controller.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.flow.Cookies;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.PipelineTable;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.FloatingIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.node.NodeState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FloatingIpStatusesTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    static final Map<String, NodeState> NODES = RouterStatusesTest.NODES;
    static final long COOKIE = Cookies.of(Cookies.Kind.FLOATING_IP, "f1");

    static FloatingIp fip(boolean associated, String status) {
        return new FloatingIp("f1", "", "p", "ext", "192.168.0.3", "fp1", associated ? "vm1" : null,
                associated ? "10.0.0.2" : null, associated ? "r1" : null, status, List.of(), T, T, 1);
    }

    static NetworkModel model(FloatingIp f) {
        return NetworkModel.fromCollections(Map.of(ResourceKind.FLOATING_IP, List.of(f)));
    }

    static DesiredState desired(String host, Map<String, List<Flow>> flows) {
        return new DesiredState(host, List.of(), Map.of(), flows, Map.of());
    }

    /** The floating IP's flows, on br-int and br-tun of {@code host}. */
    static DesiredState serving(String host) {
        Flow f = PipelineTable.INT_L3_INPUT.flow(Priority.MISS).cookie(COOKIE).drop();
        Flow g = PipelineTable.TUN_DVR_PROCESS.flow(Priority.MISS).cookie(COOKIE).drop();
        return desired(host, Map.of("br-int", List.of(f), "br-tun", List.of(g)));
    }

    static DesiredState notServing(String host) {
        Flow other = PipelineTable.INT_L3_INPUT.flow(Priority.MISS)
                .cookie(Cookies.of(Cookies.Kind.ROUTER, "r1")).drop();
        return desired(host, Map.of("br-int", List.of(other), "br-tun", List.of()));
    }

    /** node1 serves f1; node2 does not. */
    static final Map<String, DesiredState> COMPILED = Map.of("node1", serving("node1"), "node2", notServing("node2"));

    static PushedState pushed(DesiredState d, Set<String> synced) {
        return new PushedState(d, synced);
    }

    static List<FloatingIpStatuses.Change> changes(FloatingIp f, Map<String, DesiredState> compiled,
                                                   Map<String, PushedState> pushed) {
        return FloatingIpStatuses.changes(model(f), NODES, compiled, pushed);
    }

    @Test
    void activeOnceTheNodeServingItHoldsItsFlowsOnEveryBridge() {
        Map<String, PushedState> all = Map.of("node1", pushed(COMPILED.get("node1"), Set.of("br-int", "br-tun")),
                "node2", pushed(COMPILED.get("node2"), Set.of("br-int", "br-tun")));
        assertEquals(List.of(new FloatingIpStatuses.Change("f1", "ACTIVE")), changes(fip(true, "DOWN"), COMPILED, all));
        assertEquals(List.of(), changes(fip(true, "ACTIVE"), COMPILED, all), "already so");
        // node2 failing does not matter: it does not serve f1
        assertEquals(List.of(new FloatingIpStatuses.Change("f1", "ACTIVE")), changes(fip(true, "DOWN"), COMPILED,
                Map.of("node1", pushed(COMPILED.get("node1"), Set.of("br-int", "br-tun")))));
    }

    @Test
    void compiledButNotYetOnTheNodeSaysNothing() {
        // br-tun of node1 not connected yet
        assertEquals(List.of(), changes(fip(true, "DOWN"), COMPILED,
                Map.of("node1", pushed(COMPILED.get("node1"), Set.of("br-int")))));
        // node1's pass failed
        assertEquals(List.of(), changes(fip(true, "DOWN"), COMPILED, Map.of()));
        assertEquals(List.of(), changes(fip(true, "ACTIVE"), COMPILED, Map.of()), "nor takes ACTIVE back");
    }

    @Test
    void aNodeHoldingItIsEnoughWhileAnotherCatchesUp() {
        Map<String, DesiredState> both = Map.of("node1", serving("node1"), "node2", serving("node2"));
        Map<String, PushedState> pushed = Map.of("node1", pushed(both.get("node1"), Set.of("br-int")),
                "node2", pushed(both.get("node2"), Set.of("br-int", "br-tun")));
        assertEquals(List.of(new FloatingIpStatuses.Change("f1", "ACTIVE")), changes(fip(true, "DOWN"), both, pushed));
    }

    @Test
    void downWhenNoNodeServesIt() {
        Map<String, DesiredState> none = Map.of("node1", notServing("node1"), "node2", notServing("node2"));
        Map<String, PushedState> synced = Map.of("node1", pushed(none.get("node1"), Set.of("br-int", "br-tun")),
                "node2", pushed(none.get("node2"), Set.of("br-int", "br-tun")));
        // associated, but its router is down or no node can serve it: no flow carries it
        assertEquals(List.of(new FloatingIpStatuses.Change("f1", "DOWN")), changes(fip(true, "ACTIVE"), none, synced));
        // not synced anywhere: still nobody serves it
        assertEquals(List.of(new FloatingIpStatuses.Change("f1", "DOWN")), changes(fip(true, "ACTIVE"), none, Map.of()));
        assertEquals(List.of(), changes(fip(true, "DOWN"), none, synced), "already so");
        // no node connected
        assertEquals(List.of(new FloatingIpStatuses.Change("f1", "DOWN")),
                FloatingIpStatuses.changes(model(fip(true, "ACTIVE")), Map.of(), Map.of(), Map.of()));
    }

    @Test
    void notAssociatedIsDownEvenBeforeAnyNodeIsCompiled() {
        assertEquals(List.of(new FloatingIpStatuses.Change("f1", "DOWN")),
                changes(fip(false, "ACTIVE"), Map.of(), Map.of()));
    }

    @Test
    void aConnectedNodeNotCompiledYetMayBeTheOneToServeIt() {
        // node1 (which would serve it) connected but not compiled yet: nothing said
        assertEquals(List.of(), changes(fip(true, "ACTIVE"), Map.of("node2", notServing("node2")),
                Map.of("node2", pushed(notServing("node2"), Set.of("br-int", "br-tun")))));
    }
}
