package dev.muon.pipeline.compile;

import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.FixedIp;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The three-node topology of seed 003 (node1 192.168.1.11, node2 .12, node3 .13;
 * "private" VNI 0x42 and "private2" VNI 0x43; test01..test05), for golden tests.
 */
final class SeedTopology {
    static final Instant T = Instant.parse("2017-03-30T00:00:00Z");

    final List<Network> networks = new ArrayList<>();
    final List<Subnet> subnets = new ArrayList<>();
    final List<Port> ports = new ArrayList<>();
    final Map<String, NodeState> nodes = new LinkedHashMap<>();

    static SeedTopology seed003() {
        SeedTopology t = new SeedTopology();
        t.network("net-private", "private", 0x42);
        t.network("net-private2", "private2", 0x43);
        t.subnet("sub-private", "net-private", "10.0.0.0/24");
        t.subnet("sub-private2", "net-private2", "10.1.0.0/24");
        t.port("port-test01", "net-private", "sub-private", "10.0.0.7", "fa:16:3e:5a:6e:54", "node1");
        t.port("port-test02", "net-private", "sub-private", "10.0.0.8", "fa:16:3e:76:47:75", "node2");
        t.port("port-test03", "net-private2", "sub-private2", "10.1.0.12", "fa:16:3e:33:33:03", "node2");
        t.port("port-test04", "net-private2", "sub-private2", "10.1.0.10", "fa:16:3e:44:44:04", "node3");
        t.port("port-test05", "net-private", "sub-private", "10.0.0.4", "fa:16:3e:96:e2:a4", "node3");
        t.node("node1", "192.168.1.11", List.of(
                iface("patch-tun", "br-int", 2, Map.of()),
                iface("qvo40d6518d-ba", "br-int", 3, Map.of("iface-id", "port-test01")),
                iface("patch-int", "br-tun", 1, Map.of()),
                iface("vxlan-c0a8010c", "br-tun", 2, Map.of()),
                iface("vxlan-c0a8010d", "br-tun", 3, Map.of())));
        t.node("node2", "192.168.1.12", List.of(
                iface("patch-tun", "br-int", 2, Map.of()),
                iface("qvo28e6e267-f3", "br-int", 3, Map.of("iface-id", "port-test02")),
                iface("qvo06557f2b-83", "br-int", 7, Map.of("iface-id", "port-test03")),
                iface("patch-int", "br-tun", 1, Map.of()),
                iface("vxlan-c0a8010b", "br-tun", 2, Map.of()),
                iface("vxlan-c0a8010d", "br-tun", 3, Map.of())));
        t.node("node3", "192.168.1.13", List.of(
                iface("patch-tun", "br-int", 2, Map.of()),
                iface("qvo62806dde-b9", "br-int", 3, Map.of("iface-id", "port-test04")),
                iface("qvo4a577779-93", "br-int", 7, Map.of("iface-id", "port-test05")),
                iface("patch-int", "br-tun", 1, Map.of()),
                iface("vxlan-c0a8010c", "br-tun", 2, Map.of()),
                iface("vxlan-c0a8010b", "br-tun", 3, Map.of())));
        return t;
    }

    NetworkModel model() {
        return NetworkModel.of(networks, subnets, ports);
    }

    CompileInput input(String host, Map<String, Integer> localVlans) {
        return new CompileInput(model(), nodes, host, localVlans, "tcp:127.0.0.1:6653");
    }

    void network(String id, String name, int vni) {
        networks.add(new Network(id, name, "", "proj", true, false, false, NetworkType.VXLAN, null, vni, 1450,
                "ACTIVE", T, T, 1, false, true, List.of()));
    }

    void subnet(String id, String net, String cidr) {
        String prefix = cidr.substring(0, cidr.lastIndexOf('.'));
        subnets.add(new Subnet(id, id, "", "proj", net, 4, cidr, prefix + ".1",
                List.of(new AllocationPool(prefix + ".2", prefix + ".254")), true, List.of(), List.of(), T, T, 1, null, List.of()));
    }

    Port port(String id, String net, String subnet, String ip, String mac, String host) {
        Port p = new Port(id, id, "", "proj", net, mac, List.of(new FixedIp(subnet, ip)), true, "ACTIVE", "vm",
                "compute:nova", host, true, List.of(), T, T, 1, List.of(), Map.of(), List.of());
        ports.removeIf(x -> x.id().equals(id));
        ports.add(p);
        return p;
    }

    void node(String host, String encapIp, List<ObservedInterface> ifaces) {
        NodeConfig cfg = new NodeConfig(host, encapIp, NodeRole.COMPUTE, Map.of(), "netdev", null);
        nodes.put(host, new NodeState("conn-" + host, cfg, Set.of("br-int", "br-tun"), ifaces));
    }

    static ObservedInterface iface(String name, String bridge, int ofport, Map<String, String> ids) {
        String type = name.startsWith("patch") ? "patch" : name.startsWith("vxlan") ? "vxlan" : "";
        return new ObservedInterface(name, bridge, type, ofport, null, ids, Map.of());
    }
}
