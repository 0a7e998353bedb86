package dev.muon.controller.node;

import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.DatapathIds;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeRole;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A packet-in's sender, from the datapath and OpenFlow port it came in on; indexed per node state. */
class VifPortsTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");
    private static final NetworkModel MODEL = NetworkModel.of(List.of(), List.of(), List.of(port("vm1"), port("vm2")));
    private static final long NODE1 = DatapathIds.of("vifports-node1", Bridges.INTEGRATION);
    private static final long NODE2 = DatapathIds.of("vifports-node2", Bridges.INTEGRATION);

    private static Port port(String id) {
        return new Port(id, "", "", "p", "net", "fa:16:3e:00:00:01", List.of(), true, "DOWN", "", "", "", true,
                List.of(), T, T, 1, List.of(), null, List.of());
    }

    private static NodeState node(String hostname, ObservedInterface... ifaces) {
        NodeConfig cfg = new NodeConfig(hostname, "192.168.1.11", NodeRole.COMPUTE, Map.of(), "netdev", null);
        return new NodeState("conn-" + hostname, cfg, Set.of("br-int", "br-tun"), List.of(ifaces));
    }

    private static ObservedInterface vif(String name, String bridge, Integer ofport, String ifaceId) {
        return new ObservedInterface(name, bridge, "", ofport, 1,
                ifaceId == null ? Map.of() : Map.of("iface-id", ifaceId), Map.of());
    }

    @Test
    void findsThePortPluggedOnTheOfportOfTheNodesBrInt() {
        NodeState n1 = node("vifports-node1", vif("tap1", "br-int", 5, "vm1"), vif("tap2", "br-int", 6, "vm2"),
                vif("patch-tun", "br-int", 1, null), vif("tapx", "br-tun", 7, "vm1"), vif("tap3", "br-int", null, "vm2"));
        NodeState n2 = node("vifports-node2", vif("tap9", "br-int", 5, "vm2"));
        Map<String, NodeState> nodes = Map.of("vifports-node1", n1, "vifports-node2", n2);

        assertEquals("vm1", VifPorts.at(nodes, NODE1, 5, MODEL).map(Port::id).orElseThrow());
        assertEquals("vm2", VifPorts.at(nodes, NODE1, 6, MODEL).map(Port::id).orElseThrow());
        assertEquals("vm2", VifPorts.at(nodes, NODE2, 5, MODEL).map(Port::id).orElseThrow());
        assertEquals(Optional.empty(), VifPorts.at(nodes, NODE1, 1, MODEL), "not a VIF");
        assertEquals(Optional.empty(), VifPorts.at(nodes, NODE1, 7, MODEL), "a VIF of another bridge");
        assertEquals(Optional.empty(), VifPorts.at(nodes, NODE1, 99, MODEL));
        assertEquals(Optional.empty(), VifPorts.at(nodes, 42L, 5, MODEL), "no such datapath");
        assertEquals(Optional.empty(), VifPorts.at(Map.of("vifports-node1", node("vifports-node1",
                vif("tap1", "br-int", 5, "deleted"))), NODE1, 5, MODEL), "a VIF naming no port");
    }

    @Test
    void aNewStateOfTheNodeIsReadAfresh() {
        NodeState before = node("vifports-node1", vif("tap1", "br-int", 5, "vm1"));
        assertEquals("vm1", VifPorts.at(Map.of("vifports-node1", before), NODE1, 5, MODEL).map(Port::id).orElseThrow());
        // vm1 unplugged, vm2 plugged where it was: a new state, as OVSDB's next update gives
        NodeState after = node("vifports-node1", vif("tap2", "br-int", 5, "vm2"), vif("tap1", "br-int", 8, "vm1"));
        assertEquals("vm2", VifPorts.at(Map.of("vifports-node1", after), NODE1, 5, MODEL).map(Port::id).orElseThrow());
        assertEquals("vm1", VifPorts.at(Map.of("vifports-node1", after), NODE1, 8, MODEL).map(Port::id).orElseThrow());
        assertEquals(Optional.empty(), VifPorts.at(Map.of("vifports-node1", node("vifports-node1")), NODE1, 5, MODEL));
    }
}
