package dev.muon.controller.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.compile.PortWiring;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeRole;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortBindingsTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    private static Port port(String id, boolean adminUp, String status, String host) {
        return new Port(id, id, "", "p", "net", "fa:16:3e:00:00:01", List.of(new FixedIp("s", "10.0.0.5")), adminUp,
                status, "vm", "compute:nova", host, true, List.of(), T, T, 1, List.of(), Map.of(), List.of());
    }

    private static Map<String, NodeState> node1With(String... ifaceIds) {
        List<ObservedInterface> ifaces = new java.util.ArrayList<>();
        // br-tun's patch port, numbered: VXLAN ports can be programmed
        ifaces.add(new ObservedInterface("patch-int", "br-tun", "patch", 1, null, Map.of(), Map.of("peer", "patch-tun")));
        int ofport = 3;
        for (String id : ifaceIds) {
            ifaces.add(new ObservedInterface("tap-" + id, "br-int", "", ofport++, null, Map.of("iface-id", id), Map.of()));
        }
        NodeConfig cfg = new NodeConfig("node1", "192.168.1.11", NodeRole.COMPUTE, Map.of(), "netdev", null);
        return Map.of("node1", new NodeState("c1", cfg, Set.of("br-int", "br-tun"), ifaces));
    }

    private static final Network VXLAN = new Network("net", "net", "", "p", true, false, false, NetworkType.VXLAN, null,
            77, 1450, "ACTIVE", T, T, 1, false, true, List.of());

    private static List<PortBindings.Change> changes(Port p, Map<String, NodeState> nodes) {
        return changes(NetworkModel.of(List.of(VXLAN), List.of(), List.of(p)), nodes);
    }

    private static List<PortBindings.Change> changes(NetworkModel model, Map<String, NodeState> nodes) {
        return PortBindings.changes(model, nodes, Compiled.all(model, nodes));
    }

    @Test
    void duringALiveMigrationThePortStaysBoundWhereItIsUntilTheOldVifGoes() {
        Map<String, NodeState> both = new java.util.TreeMap<>(node1With("a"));
        NodeState n1 = both.get("node1");
        NodeConfig cfg0 = new NodeConfig("node0", "192.168.1.10", NodeRole.COMPUTE, Map.of(), "netdev", null);
        both.put("node0", new NodeState("c0", cfg0, Set.of("br-int"), n1.interfaces()));   // sorts first
        both.put("node9", new NodeState("c9", new NodeConfig("node9", "192.168.1.19", NodeRole.COMPUTE, Map.of(),
                "netdev", null), Set.of("br-int"), n1.interfaces()));                          // sorts last
        assertEquals(List.of(), changes(port("a", true, "ACTIVE", "node1"), both));
        assertEquals(List.of(), changes(port("a", true, "ACTIVE", "node0"), both));
        assertEquals(List.of(new PortBindings.Change("a", "node0", true)),
                changes(port("a", true, "ACTIVE", "node1"), Map.of("node0", both.get("node0"))), "old VIF gone: moves");
    }

    @Test
    void aPluggedPortIsActiveUnlessAdministrativelyDown() {
        assertEquals(List.of(new PortBindings.Change("a", "node1", true)),
                changes(port("a", true, "DOWN", ""), node1With("a")));
        assertEquals(List.of(new PortBindings.Change("a", "node1", false)),
                changes(port("a", false, "ACTIVE", "node1"), node1With("a")), "admin_state_up=false reads DOWN");
        assertEquals(List.of(new PortBindings.Change("a", "node1", false)),
                changes(port("a", false, "DOWN", ""), node1With("a")), "bound, but DOWN");
        assertEquals(List.of(), changes(port("a", false, "DOWN", "node1"), node1With("a")));
        assertEquals(List.of(new PortBindings.Change("a", "node1", true)),
                changes(port("a", true, "DOWN", "node1"), node1With("a")), "admin up again: ACTIVE");
    }

    @Test
    void aPortOnAPhysicalNetworkTheNodeDoesNotMapStaysDown() {
        Network flat = new Network("net", "public", "", "p", true, false, false, NetworkType.FLAT, "public", null, 1500,
                "ACTIVE", T, T, 1, false, true, List.of());
        NetworkModel model = NetworkModel.of(List.of(flat), List.of(), List.of(port("a", true, "DOWN", "")));
        assertEquals(List.of(new PortBindings.Change("a", "node1", false)), changes(model, node1With("a")));
    }

    @Test
    void aNodeWhoseFlowsAreNotPushedSaysNothing() {
        NetworkModel model = NetworkModel.of(List.of(VXLAN), List.of(), List.of(port("a", true, "DOWN", "")));
        assertEquals(List.of(), PortBindings.changes(model, node1With("a"), Map.of()), "not ACTIVE before its flows");
        assertEquals(List.of(new PortBindings.Change("a", "node1", true)), changes(model, node1With("a")));
    }

    @Test
    void aVxlanPortIsActiveOnlyOnceBrTunHoldsItsFlowsTooAndNothingIsSaidBefore() {
        NetworkModel model = NetworkModel.of(List.of(VXLAN), List.of(), List.of(port("a", true, "DOWN", "")));
        Map<String, NodeState> nodes = node1With("a");
        PushedState all = Compiled.all(model, nodes).get("node1");
        PushedState onlyBrInt = new PushedState(all.desired(), Set.of("br-int"));
        assertEquals(List.of(), PortBindings.changes(model, nodes, Map.of("node1", onlyBrInt)),
                "br-tun not connected yet: nothing said (a restart must flip nothing)");
        assertEquals(List.of(new PortBindings.Change("a", "node1", true)),
                PortBindings.changes(model, nodes, Map.of("node1", all)));
        NetworkModel active = NetworkModel.of(List.of(VXLAN), List.of(), List.of(port("a", true, "ACTIVE", "node1")));
        assertEquals(List.of(), PortBindings.changes(active, nodes, Map.of("node1", onlyBrInt)), "and no flap to DOWN");
    }

    @Test
    void aMigratedPortIsNoLongerActiveWhereItWasWhileItsNewNodeIsBeingProgrammed() {
        Map<String, NodeState> nodes = new java.util.TreeMap<>(node1With());   // node1: the VIF is gone
        NodeConfig cfg2 = new NodeConfig("node2", "192.168.1.12", NodeRole.COMPUTE, Map.of(), "netdev", null);
        nodes.put("node2", new NodeState("c2", cfg2, Set.of("br-int"), node1With("a").get("node1").interfaces()));
        NetworkModel model = NetworkModel.of(List.of(VXLAN), List.of(), List.of(port("a", true, "ACTIVE", "node1")));
        Map<String, PushedState> onlyNode1 = Map.of("node1", Compiled.all(model, nodes).get("node1"));
        assertEquals(List.of(new PortBindings.Change("a", "node2", false)),
                PortBindings.changes(model, nodes, onlyNode1), "moves with its VIF, DOWN until programmed there");
        assertEquals(List.of(new PortBindings.Change("a", "node2", true)), changes(model, nodes), "then ACTIVE there");
        NetworkModel moved = NetworkModel.of(List.of(VXLAN), List.of(), List.of(port("a", true, "DOWN", "node2")));
        assertEquals(List.of(new PortBindings.Change("a", "node2", true)), changes(moved, nodes));
    }

    @Test
    void aVifElsewhereDoesNotTakeAPortTheApiBoundToAnotherHost() {
        // Nova bound the port to node9 and has not plugged it yet; node1 (a rogue) plugs its iface-id
        Port placed = port("a", true, "DOWN", "").withRequestedHost("node9");
        NetworkModel model = NetworkModel.of(List.of(VXLAN), List.of(), List.of(placed));
        Map<String, NodeState> nodes = node1With("a");
        assertEquals(List.of(), changes(model, nodes), "no binding change, not ACTIVE");
        PortWiring w = Compiled.all(model, nodes).get("node1").desired().wiring("a").orElseThrow();
        assertEquals(PortWiring.DeadReason.BOUND_ELSEWHERE, w.deadReason(), "parked on the dead VLAN there");
        // the same port with no requested host binds where it is plugged, as before
        assertEquals(List.of(new PortBindings.Change("a", "node1", true)), changes(port("a", true, "DOWN", ""), nodes));
    }

    @Test
    void aPortTheControllerBoundMovesWithItsVifAfterAnUnplug() {
        // bound to node2 where it was plugged (not by the API), unplugged there (DOWN), plugged on node1
        Port unplugged = port("a", true, "DOWN", "node2");
        assertEquals(List.of(new PortBindings.Change("a", "node1", true)), changes(unplugged, node1With("a")));
        // the API's host is held only while the port stays there
        Port placed = port("a", true, "DOWN", "").withRequestedHost("node2");
        assertTrue(placed.heldForAnotherHost("node1"));
        assertFalse(placed.withBinding("node1", "ACTIVE").withBinding("node1", "DOWN").heldForAnotherHost("node3"),
                "once the controller binds it elsewhere, the request is spent");
    }

    @Test
    void anUnpluggedPortGoesDownKeepingItsHost() {
        assertEquals(List.of(new PortBindings.Change("a", "node1", false)),
                changes(port("a", true, "ACTIVE", "node1"), node1With()));
        assertEquals(List.of(), changes(port("a", true, "ACTIVE", "node9"), node1With()), "node9 is not connected");
    }
}
