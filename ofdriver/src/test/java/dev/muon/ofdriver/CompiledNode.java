package dev.muon.ofdriver;

import dev.muon.pipeline.compile.CompileInput;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.compile.PipelineCompiler;
import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.SecurityGroup;
import dev.muon.pipeline.model.SecurityGroupRule;
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
import java.util.TreeSet;

/**
 * What the pipeline compiles for one compute node of a small cloud (three nodes, two VXLAN
 * networks, VMs with the default security group plus a port-range rule), built from the
 * pipeline's main classes the way its seed topologies are: realistic br-int and br-tun flows
 * (conntrack, conjunctions, resubmits, loads and moves, tunnel ids, the DHCP meter) for tests
 * that need the real thing rather than hand-made flows.
 */
final class CompiledNode {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final String GROUP = "sg-default";

    private CompiledNode() {
    }

    /** node1's desired state with {@code vms} VMs on it (and two on each other node). */
    static DesiredState node1(int vms) {
        List<Network> networks = List.of(network("net-a", 0x42), network("net-b", 0x43));
        List<Subnet> subnets = List.of(subnet("sub-a", "net-a", "10.0.0"), subnet("sub-b", "net-b", "10.1.0"));
        List<Port> ports = new ArrayList<>();
        Map<String, List<ObservedInterface>> ifaces = new LinkedHashMap<>();
        for (String host : List.of("node1", "node2", "node3")) {
            List<ObservedInterface> list = new ArrayList<>();
            list.add(new ObservedInterface("patch-tun", "br-int", "patch", 2, null, Map.of(), Map.of("peer", "patch-int")));
            list.add(new ObservedInterface("patch-int", "br-tun", "patch", 1, null, Map.of(), Map.of("peer", "patch-tun")));
            int n = 2;
            for (String other : List.of("node1", "node2", "node3")) {
                if (!other.equals(host)) {
                    String ip = "192.168.1." + (10 + other.charAt(4) - '0');
                    list.add(new ObservedInterface(String.format("vxlan-c0a801%02x", 10 + other.charAt(4) - '0'), "br-tun",
                            "vxlan", n++, null, Map.of(), Map.of("remote_ip", ip)));
                }
            }
            ifaces.put(host, list);
        }
        int next = 0;
        for (String host : List.of("node1", "node2", "node3")) {
            int count = host.equals("node1") ? vms : 2;
            for (int i = 0; i < count; i++, next++) {
                boolean a = next % 3 != 0;
                String id = String.format("port-%03d", next);
                String ip = (a ? "10.0.0." : "10.1.0.") + (10 + next);
                String mac = String.format("fa:16:3e:00:%02x:%02x", next >> 8, next & 0xff);
                ports.add(new Port(id, id, "", "proj", a ? "net-a" : "net-b", mac, List.of(new FixedIp(a ? "sub-a" : "sub-b", ip)),
                        true, "ACTIVE", "vm-" + next, "compute:nova", host, true, List.of(), T, T, 1, List.of(GROUP),
                        Map.of(), List.of()));
                ifaces.get(host).add(new ObservedInterface("qvo" + id, "br-int", "", 10 + i, null, Map.of("iface-id", id), Map.of()));
            }
        }
        List<SecurityGroup> groups = List.of(new SecurityGroup(GROUP, "default", "", "proj", true, List.of(), T, T, 1));
        List<SecurityGroupRule> rules = List.of(
                rule("rule-in4", "ingress", "IPv4", null, null, null, GROUP),
                rule("rule-in6", "ingress", "IPv6", null, null, null, GROUP),
                rule("rule-out4", "egress", "IPv4", null, null, null, null),
                rule("rule-out6", "egress", "IPv6", null, null, null, null),
                rule("rule-ssh", "ingress", "IPv4", "tcp", 22, 22, null),
                rule("rule-range", "ingress", "IPv4", "tcp", 8000, 8100, null),
                rule("rule-icmp", "ingress", "IPv4", "icmp", null, null, null));
        Map<ResourceKind<?>, List<?>> all = new LinkedHashMap<>();
        all.put(ResourceKind.NETWORK, networks);
        all.put(ResourceKind.SUBNET, subnets);
        all.put(ResourceKind.PORT, ports);
        all.put(ResourceKind.SECURITY_GROUP, groups);
        all.put(ResourceKind.SECURITY_GROUP_RULE, rules);
        NetworkModel model = NetworkModel.fromCollections(all);
        Map<String, NodeState> nodes = new LinkedHashMap<>();
        for (Map.Entry<String, List<ObservedInterface>> e : ifaces.entrySet()) {
            String host = e.getKey();
            String encap = "192.168.1." + (10 + host.charAt(4) - '0');
            Set<String> bridges = new TreeSet<>(Set.of("br-int", "br-tun"));
            nodes.put(host, new NodeState("conn-" + host, new NodeConfig(host, encap, NodeRole.COMPUTE, Map.of(), "netdev", null),
                    bridges, e.getValue()));
        }
        return PipelineCompiler.compile(new CompileInput(model, nodes, "node1", Map.of("net-a", 1, "net-b", 2),
                "tcp:127.0.0.1:6653", Map.of(), Map.of()));
    }

    private static Network network(String id, int vni) {
        return new Network(id, id, "", "proj", true, false, false, NetworkType.VXLAN, null, vni, 1450, "ACTIVE", T, T, 1,
                false, true, List.of());
    }

    private static Subnet subnet(String id, String net, String prefix) {
        return new Subnet(id, id, "", "proj", net, 4, prefix + ".0/24", prefix + ".1",
                List.of(new AllocationPool(prefix + ".2", prefix + ".254")), true, List.of(), List.of(), T, T, 1, null, List.of());
    }

    private static SecurityGroupRule rule(String id, String direction, String ethertype, String protocol, Integer min,
                                          Integer max, String remoteGroup) {
        return new SecurityGroupRule(id, GROUP, "proj", "", direction, ethertype, protocol, min, max, null, remoteGroup,
                T, T, 1);
    }
}
