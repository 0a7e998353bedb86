package dev.muon.controller.dhcp;

import dev.muon.controller.RecordingSwitch;
import dev.muon.pipeline.compile.DatapathIds;
import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.HostRoute;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeRole;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small world for DHCP tests: network net1 (VXLAN, MTU 1450) with subnet 10.0.0.0/24
 * (gateway .1, DNS 192.0.2.53, a host route to 172.16.0.0/24 via .254), port vm1
 * (fa:16:3e:0d:76:df, 10.0.0.10 — the MAC of the captured udhcpc frames) plugged on
 * node1's br-int as ofport 5, and a switch that records packet-outs.
 */
final class DhcpWorld {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    static final String MAC = "fa:16:3e:0d:76:df";
    static final int OFPORT = 5;

    Network network = network("net1", 1450);
    Subnet subnet = subnet("10.0.0.1", List.of("192.0.2.53"), List.of(new HostRoute("172.16.0.0/24", "10.0.0.254")),
            true);
    final List<Port> ports = new ArrayList<>(List.of(port("vm1", MAC, "10.0.0.10", true)));
    final RecordingSwitch brInt = new RecordingSwitch(DatapathIds.of("node1", "br-int"));
    DhcpConfig config = DhcpConfig.DEFAULTS;

    NetworkModel model() {
        return NetworkModel.of(List.of(network), List.of(subnet), ports);
    }

    Map<String, NodeState> nodes() {
        NodeConfig cfg = new NodeConfig("node1", "192.168.1.11", NodeRole.COMPUTE, Map.of(), "netdev", null);
        List<ObservedInterface> ifaces = List.of(
                new ObservedInterface("tap1", "br-int", "", OFPORT, 1, Map.of("iface-id", "vm1", "attached-mac", MAC),
                        Map.of()),
                new ObservedInterface("tap-unknown", "br-int", "", 6, 1, Map.of("iface-id", "nobody"), Map.of()));
        return Map.of("node1", new NodeState("conn1", cfg, Set.of("br-int", "br-tun"), ifaces));
    }

    DhcpResponder responder() {
        return new DhcpResponder(this::model, this::nodes, config);
    }

    static Network network(String id, int mtu) {
        return new Network(id, id, "", "proj", true, false, false, NetworkType.VXLAN, null, 1001, mtu, "ACTIVE", T, T,
                1, false, true, List.of());
    }

    static Subnet subnet(String gateway, List<String> dns, List<HostRoute> routes, boolean dhcp) {
        return new Subnet("sub1", "sub1", "", "proj", "net1", 4, "10.0.0.0/24", gateway,
                List.of(new AllocationPool("10.0.0.2", "10.0.0.254")), dhcp, dns, routes, T, T, 1, null, List.of());
    }

    static Port port(String id, String mac, String ip, boolean adminUp) {
        return new Port(id, id, "", "proj", "net1", mac, List.of(new FixedIp("sub1", ip)), adminUp, "ACTIVE", "vm",
                "compute:nova", "node1", true, List.of(), T, T, 1, List.of(), Map.of(), List.of());
    }
}
