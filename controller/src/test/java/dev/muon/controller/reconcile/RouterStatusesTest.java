package dev.muon.controller.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.flow.Cookies;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.PipelineTable;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.DeviceOwner;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.Router;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeRole;
import dev.muon.pipeline.node.NodeState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterStatusesTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    static final Map<String, NodeState> NODES = Map.of("node1", node("node1"), "node2", node("node2"));

    static NodeState node(String host) {
        return new NodeState("c-" + host, new NodeConfig(host, "192.168.1.1", NodeRole.COMPUTE, Map.of(), "netdev", null),
                Set.of("br-int", "br-tun"), List.of());
    }

    static Router router(boolean up, String status) {
        return new Router("r1", "r1", "", "p", up, status, null, true, false, List.of(), List.of(), T, T, 1);
    }

    static NetworkModel model(Router r, String interfaceStatus) {
        Port qr = new Port("qr1", "", "", "p", "n1", "fa:16:3e:00:00:01", List.of(new FixedIp("s1", "10.0.0.1")), true,
                interfaceStatus, "r1", DeviceOwner.ROUTER_INTERFACE_DISTRIBUTED, "", true, List.of(), T, T, 1,
                List.of(), Map.of(), List.of());
        return NetworkModel.fromCollections(Map.of(ResourceKind.ROUTER, List.of(r), ResourceKind.PORT, List.of(qr)));
    }

    /** node1 routes for r1 (a flow with its cookie on br-int and br-tun); node2 does not. */
    static Map<String, DesiredState> compiled() {
        Flow f = PipelineTable.INT_L3_INPUT.flow(Priority.MISS).cookie(Cookies.of(Cookies.Kind.ROUTER, "r1")).drop();
        Flow g = PipelineTable.TUN_DVR_PROCESS.flow(Priority.MISS).cookie(Cookies.of(Cookies.Kind.ROUTER, "r1")).drop();
        return Map.of("node1", new DesiredState("node1", List.of(), Map.of(),
                        Map.of("br-int", List.of(f), "br-tun", List.of(g)), Map.of()),
                "node2", new DesiredState("node2", List.of(), Map.of(), Map.of("br-int", List.of()), Map.of()));
    }

    static PushedState pushed(String host, Set<String> synced) {
        return new PushedState(compiled().get(host), synced);
    }

    @Test
    void activeOnceEveryNodeRoutingForItHoldsItsFlowsOnEveryBridge() {
        NetworkModel m = model(router(true, "DOWN"), "DOWN");
        Map<String, PushedState> all = Map.of("node1", pushed("node1", Set.of("br-int", "br-tun")),
                "node2", pushed("node2", Set.of("br-int")));
        assertEquals(List.of(new RouterStatuses.Change("r1", "ACTIVE")), RouterStatuses.changes(m, NODES, compiled(), all));
        // br-tun of node1 not connected yet: nothing said
        Map<String, PushedState> partly = Map.of("node1", pushed("node1", Set.of("br-int")),
                "node2", pushed("node2", Set.of("br-int")));
        assertEquals(List.of(), RouterStatuses.changes(m, NODES, compiled(), partly));
        // node1's pass failed: nothing said; node2's failing does not matter (it does not route for r1)
        assertEquals(List.of(), RouterStatuses.changes(m, NODES, compiled(), Map.of("node2", pushed("node2", Set.of()))));
        assertEquals(List.of(new RouterStatuses.Change("r1", "ACTIVE")), RouterStatuses.changes(m, NODES, compiled(),
                Map.of("node1", pushed("node1", Set.of("br-int", "br-tun")))));
    }

    @Test
    void adminDownIsDownAndInterfacesFollowTheirRouter() {
        assertEquals(List.of(new RouterStatuses.Change("r1", "DOWN")),
                RouterStatuses.changes(model(router(false, "ACTIVE"), "ACTIVE"), NODES, compiled(), Map.of()));
        assertEquals(List.of(new RouterStatuses.InterfaceChange("qr1", true)),
                RouterStatuses.interfaceChanges(model(router(true, "ACTIVE"), "DOWN")));
        assertEquals(List.of(new RouterStatuses.InterfaceChange("qr1", false)),
                RouterStatuses.interfaceChanges(model(router(false, "DOWN"), "ACTIVE")));
        assertEquals(List.of(), RouterStatuses.interfaceChanges(model(router(true, "ACTIVE"), "ACTIVE")));
    }
}
