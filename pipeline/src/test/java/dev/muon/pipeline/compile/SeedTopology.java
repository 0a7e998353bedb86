package dev.muon.pipeline.compile;

import dev.muon.pipeline.model.AddressGroup;
import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.AllowedAddressPair;
import dev.muon.pipeline.model.DeviceOwner;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.FloatingIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.Router;
import dev.muon.pipeline.model.RouterGateway;
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
import java.util.function.UnaryOperator;

/**
 * The three-node topology of seed 003 (node1 192.168.1.11, node2 .12, node3 .13;
 * "private" VNI 0x42 and "private2" VNI 0x43; test01..test05), for golden tests, and
 * {@link #seedL2()}, the same with VLAN and flat provider networks as seed 000 shows them.
 */
final class SeedTopology {
    static final Instant T = Instant.parse("2017-03-30T00:00:00Z");

    final List<Network> networks = new ArrayList<>();
    final List<Subnet> subnets = new ArrayList<>();
    final List<Port> ports = new ArrayList<>();
    final Map<String, NodeState> nodes = new LinkedHashMap<>();
    final List<Router> routers = new ArrayList<>();
    /** hostname → DVR MAC; router id → number: what the controller allocates. */
    final Map<String, String> dvrMacs = new LinkedHashMap<>();
    final Map<String, Integer> routerNumbers = new LinkedHashMap<>();
    final List<FloatingIp> floatingIps = new ArrayList<>();
    /** external subnet id → its gateway's MAC, as the controller resolves it. */
    final Map<String, String> upstreamMacs = new LinkedHashMap<>();
    /** The project's default group (Neutron's four default rules), which every VM port of the seeds has. */
    static final String DEFAULT_GROUP = "sg-default";
    final List<SecurityGroup> securityGroups = new ArrayList<>(List.of(
            new SecurityGroup(DEFAULT_GROUP, "default", "", "proj", true, List.of(), T, T, 1)));
    final List<SecurityGroupRule> rules = new ArrayList<>(List.of(
            rule("rule-def-in4", DEFAULT_GROUP, "ingress", "IPv4", null, null, null, null, DEFAULT_GROUP),
            rule("rule-def-in6", DEFAULT_GROUP, "ingress", "IPv6", null, null, null, null, DEFAULT_GROUP),
            rule("rule-def-out4", DEFAULT_GROUP, "egress", "IPv4", null, null, null, null, null),
            rule("rule-def-out6", DEFAULT_GROUP, "egress", "IPv6", null, null, null, null, null)));
    final List<AddressGroup> addressGroups = new ArrayList<>();

    /** The cookies of the default group's flows (its members' addresses, its conjunctions) and of its rules. */
    static java.util.Set<Long> defaultGroupCookies() {
        java.util.Set<Long> out = new java.util.HashSet<>();
        out.add(dev.muon.pipeline.flow.Cookies.of(dev.muon.pipeline.flow.Cookies.Kind.SECURITY_GROUP, DEFAULT_GROUP));
        for (String r : List.of("rule-def-in4", "rule-def-in6", "rule-def-out4", "rule-def-out6", "rule-icmp-in")) {
            out.add(dev.muon.pipeline.flow.Cookies.of(dev.muon.pipeline.flow.Cookies.Kind.SECURITY_GROUP_RULE, r));
        }
        return out;
    }

    static SecurityGroupRule rule(String id, String group, String direction, String ethertype, String protocol,
                                  Integer min, Integer max, String remotePrefix, String remoteGroup) {
        return new SecurityGroupRule(id, group, "proj", "", direction, ethertype, protocol, min, max, remotePrefix,
                remoteGroup, T, T, 1);
    }

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

    /**
     * Seed 003 with its router: "router1" with distributed interfaces on private (10.0.0.1,
     * fa:16:3e:9c:cf:de) and private2 (10.1.0.1, fa:16:3e:5c:3d:f9), the seed's MACs; node2's DVR
     * MAC is the seed's fa:16:3f:73:c3:04 and node3's fa:16:3f:59:35:b1.
     */
    static SeedTopology seed003Routed() {
        SeedTopology t = seed003();
        t.router("router1", 1);
        t.routerInterface("port-qr-private", "router1", "net-private", "sub-private", "10.0.0.1", "fa:16:3e:9c:cf:de");
        t.routerInterface("port-qr-private2", "router1", "net-private2", "sub-private2", "10.1.0.1", "fa:16:3e:5c:3d:f9");
        t.dvrMacs.put("node1", "fa:16:3f:2e:8a:11");
        t.dvrMacs.put("node2", "fa:16:3f:73:c3:04");
        t.dvrMacs.put("node3", "fa:16:3f:59:35:b1");
        return t;
    }

    /**
     * Seed 003's router with a gateway (seed 003 §3/§4): the flat external "public" (physnet public,
     * 172.24.4.0/24, upstream 172.24.4.1 at 02:00:ac:18:04:01), router1's gateway port 172.24.4.10
     * bound to node1 (the network node: SNAT there), node1 and node2 mapping public:br-ex, node3
     * not; floating IP 172.24.4.20 on test02 (node2: served there) and 172.24.4.21 on test04
     * (node3 cannot: served on node1). Local VLANs: {@link #externalVlans()}.
     */
    static SeedTopology seed003External() {
        SeedTopology t = seed003Routed();
        t.providerNetwork("net-public", "public", NetworkType.FLAT, "public", null);
        t.networks.replaceAll(n -> n.id().equals("net-public") ? new Network(n.id(), n.name(), "", "admin", true, false,
                true, NetworkType.FLAT, "public", null, 1500, "ACTIVE", T, T, 1, false, true, List.of()) : n);
        t.subnet("sub-public", "net-public", "172.24.4.0/24");
        Port qg = t.port("port-qg", "net-public", "sub-public", "172.24.4.10", "fa:16:3e:9a:00:01", "node1");
        t.update("port-qg", p -> new Port(p.id(), p.name(), "", "", p.networkId(), p.macAddress(), p.fixedIps(), true,
                "ACTIVE", "router1", DeviceOwner.ROUTER_GATEWAY, "node1", true, List.of(), T, T, 1, List.of(), Map.of(),
                List.of()));
        t.updateRouter("router1", r -> r.withGateway(new RouterGateway("net-public", true, qg.id())));
        t.floatingIp("fip-1", "172.24.4.20", "fa:16:3e:f1:00:20", "port-test02", "10.0.0.8");
        t.floatingIp("fip-2", "172.24.4.21", "fa:16:3e:f1:00:21", "port-test04", "10.1.0.10");
        t.upstreamMacs.put("sub-public", "02:00:ac:18:04:01");
        // seed 004: the operator opened ping from anywhere before the floating IPs answered
        t.rules.add(rule("rule-icmp-in", DEFAULT_GROUP, "ingress", "IPv4", "icmp", null, null, "0.0.0.0/0", null));
        t.node("node1", "192.168.1.11", Map.of("public", "br-ex"), with(t.nodes.get("node1"),
                iface("int-br-ex", "br-int", 5, Map.of()),
                iface("phy-br-ex", "br-ex", 1, Map.of()),
                iface("eth-ex", "br-ex", 2, Map.of())));
        t.node("node2", "192.168.1.12", Map.of("public", "br-ex"), with(t.nodes.get("node2"),
                iface("int-br-ex", "br-int", 5, Map.of()),
                iface("phy-br-ex", "br-ex", 1, Map.of()),
                iface("eth-ex", "br-ex", 2, Map.of())));
        return t;
    }

    /** Local VLANs of {@link #seed003External()}: the external network's too. */
    static Map<String, Integer> externalVlans() {
        return Map.of("net-private", 1, "net-private2", 2, "net-public", 3);
    }

    /** A floating IP on the external "public", held by its own port, associated through router1. */
    void floatingIp(String id, String address, String mac, String portId, String fixedIp) {
        Port own = port("port-" + id, "net-public", "sub-public", address, mac, "");
        update(own.id(), p -> new Port(p.id(), p.name(), "", "", p.networkId(), p.macAddress(), p.fixedIps(), true,
                "N/A", id, DeviceOwner.FLOATING_IP, "", true, List.of(), T, T, 1, List.of(), Map.of(), List.of()));
        floatingIps.add(new FloatingIp(id, "", "proj", "net-public", address, own.id(), portId, fixedIp, "router1",
                "DOWN", List.of(), T, T, 1));
    }

    void router(String id, int number) {
        routers.removeIf(r -> r.id().equals(id));
        routers.add(new Router(id, id, "", "proj", true, "ACTIVE", null, true, false, List.of(), List.of(), T, T, 1));
        routerNumbers.put(id, number);
    }

    void updateRouter(String id, UnaryOperator<Router> change) {
        routers.replaceAll(r -> r.id().equals(id) ? change.apply(r) : r);
    }

    /** A router's distributed interface port (unbound, as Neutron's DVR interfaces are). */
    Port routerInterface(String id, String router, String net, String subnet, String ip, String mac) {
        Port p = new Port(id, id, "", "proj", net, mac, List.of(new FixedIp(subnet, ip)), true, "ACTIVE", router,
                DeviceOwner.ROUTER_INTERFACE_DISTRIBUTED, "", true, List.of(), T, T, 1, List.of(), Map.of(), List.of());
        ports.removeIf(x -> x.id().equals(id));
        ports.add(p);
        return p;
    }

    /**
     * Seed 003 plus seed 000's provider networks: VLAN 1031 ("vlan1031", 192.168.10.0/24)
     * and VLAN 1090 ("vlan1090", 10.0.0.0/24: the same CIDR as "private") on physnet1, and
     * the flat "public" (172.24.4.0/24). node1 maps physnet1:br-eth1,public:br-ex; node2 only
     * physnet1:br-eth1, so its flat port stays dead; node3 maps nothing. On node2 a port with
     * IPv6 and allowed address pairs, and an administratively down port.
     */
    static SeedTopology seedL2() {
        SeedTopology t = seed003();
        t.providerNetwork("net-vlan1031", "vlan1031", NetworkType.VLAN, "physnet1", 1031);
        t.providerNetwork("net-vlan1090", "vlan1090", NetworkType.VLAN, "physnet1", 1090);
        t.providerNetwork("net-public", "public", NetworkType.FLAT, "public", null);
        t.subnet("sub-vlan1031", "net-vlan1031", "192.168.10.0/24");
        t.subnet("sub-vlan1090", "net-vlan1090", "10.0.0.0/24");
        t.subnet("sub-public", "net-public", "172.24.4.0/24");
        t.subnets.add(new Subnet("sub-v6", "sub-v6", "", "proj", "net-vlan1031", 6, "2001:db8::/64", "2001:db8::1",
                List.of(new AllocationPool("2001:db8::2", "2001:db8::ffff")), false, List.of(), List.of(), T, T, 1,
                null, List.of()));
        t.port("port-vlan-a", "net-vlan1031", "sub-vlan1031", "192.168.10.7", "fa:16:3e:a6:85:1a", "node1");
        t.port("port-public-a", "net-public", "sub-public", "172.24.4.10", "fa:16:3e:31:39:80", "node1");
        t.port("port-vlan-b", "net-vlan1031", "sub-vlan1031", "192.168.10.8", "fa:16:3e:be:dc:65", "node2");
        t.update("port-vlan-b", p -> withAddresses(p,
                List.of(new FixedIp("sub-vlan1031", "192.168.10.8"), new FixedIp("sub-v6", "2001:db8::8")),
                List.of(new AllowedAddressPair("192.168.10.200/32", null),
                        new AllowedAddressPair("192.168.20.0/24", "fa:16:3e:fb:b5:0a"),
                        new AllowedAddressPair("2001:db8:1::/64", null))));
        t.port("port-overlap-b", "net-vlan1090", "sub-vlan1090", "10.0.0.8", "fa:16:3e:10:90:08", "node2");
        t.port("port-public-b", "net-public", "sub-public", "172.24.4.11", "fa:16:3e:31:39:81", "node2");
        t.port("port-down", "net-private", "sub-private", "10.0.0.9", "fa:16:3e:00:00:09", "node2");
        t.update("port-down", p -> withAdminState(p, false));
        t.node("node1", "192.168.1.11", Map.of("physnet1", "br-eth1", "public", "br-ex"), with(t.nodes.get("node1"),
                iface("int-br-eth1", "br-int", 4, Map.of()),
                iface("int-br-ex", "br-int", 5, Map.of()),
                iface("tap-vlan-a", "br-int", 8, Map.of("iface-id", "port-vlan-a")),
                iface("tap-public-a", "br-int", 9, Map.of("iface-id", "port-public-a")),
                iface("phy-br-eth1", "br-eth1", 1, Map.of()),
                iface("eth1", "br-eth1", 2, Map.of()),
                iface("phy-br-ex", "br-ex", 1, Map.of())));
        t.node("node2", "192.168.1.12", Map.of("physnet1", "br-eth1"), with(t.nodes.get("node2"),
                iface("int-br-eth1", "br-int", 4, Map.of()),
                iface("tap-vlan-b", "br-int", 8, Map.of("iface-id", "port-vlan-b")),
                iface("tap-overlap-b", "br-int", 9, Map.of("iface-id", "port-overlap-b")),
                iface("tap-public-b", "br-int", 10, Map.of("iface-id", "port-public-b")),
                iface("tap-down", "br-int", 11, Map.of("iface-id", "port-down")),
                iface("phy-br-eth1", "br-eth1", 1, Map.of())));
        return t;
    }

    /** Local VLANs of {@link #seedL2()}: a network's differ between nodes. */
    static Map<String, Integer> seedL2Vlans(String host) {
        return switch (host) {
            case "node1" -> Map.of("net-private", 1, "net-vlan1031", 3, "net-public", 4);
            case "node2" -> Map.of("net-private", 1, "net-private2", 2, "net-vlan1031", 5, "net-vlan1090", 6);
            default -> Map.of("net-private", 1, "net-private2", 2);
        };
    }

    NetworkModel model() {
        Map<ResourceKind<?>, List<?>> all = new LinkedHashMap<>();
        all.put(ResourceKind.NETWORK, networks);
        all.put(ResourceKind.SUBNET, subnets);
        all.put(ResourceKind.PORT, ports);
        all.put(ResourceKind.ROUTER, routers);
        all.put(ResourceKind.FLOATING_IP, floatingIps);
        all.put(ResourceKind.SECURITY_GROUP, securityGroups);
        all.put(ResourceKind.SECURITY_GROUP_RULE, rules);
        all.put(ResourceKind.ADDRESS_GROUP, addressGroups);
        return NetworkModel.fromCollections(all);
    }

    CompileInput input(String host, Map<String, Integer> localVlans) {
        return new CompileInput(model(), nodes, host, localVlans, "tcp:127.0.0.1:6653", dvrMacs, routerNumbers,
                upstreamMacs);
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
                "compute:nova", host, true, List.of(), T, T, 1, List.of(DEFAULT_GROUP), Map.of(), List.of());
        ports.removeIf(x -> x.id().equals(id));
        ports.add(p);
        return p;
    }

    void node(String host, String encapIp, List<ObservedInterface> ifaces) {
        node(host, encapIp, Map.of(), ifaces);
    }

    void node(String host, String encapIp, Map<String, String> bridgeMappings, List<ObservedInterface> ifaces) {
        NodeConfig cfg = new NodeConfig(host, encapIp, NodeRole.COMPUTE, bridgeMappings, "netdev", null);
        Set<String> bridges = new java.util.TreeSet<>(Set.of("br-int", "br-tun"));
        ifaces.forEach(i -> bridges.add(i.bridge()));
        nodes.put(host, new NodeState("conn-" + host, cfg, bridges, ifaces));
    }

    void providerNetwork(String id, String name, NetworkType type, String physnet, Integer segment) {
        networks.add(new Network(id, name, "", "proj", true, false, false, type, physnet, segment, 1500,
                "ACTIVE", T, T, 1, false, true, List.of()));
    }

    Port port(String id) {
        return ports.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    void update(String portId, UnaryOperator<Port> change) {
        ports.replaceAll(p -> p.id().equals(portId) ? change.apply(p) : p);
    }

    void removePort(String portId) {
        ports.removeIf(p -> p.id().equals(portId));
    }

    /** Unplugs an interface from a node (as Nova deleting the tap). */
    void unplug(String host, String ifaceName) {
        NodeState n = nodes.get(host);
        List<ObservedInterface> ifaces = new ArrayList<>(n.interfaces());
        ifaces.removeIf(i -> i.name().equals(ifaceName));
        nodes.put(host, new NodeState(n.connectionId(), n.config(), n.bridges(), ifaces));
    }

    void plug(String host, ObservedInterface iface) {
        NodeState n = nodes.get(host);
        nodes.put(host, new NodeState(n.connectionId(), n.config(), n.bridges(), with(n, iface)));
    }

    static List<ObservedInterface> with(NodeState n, ObservedInterface... more) {
        List<ObservedInterface> out = new ArrayList<>(n.interfaces());
        out.addAll(List.of(more));
        return out;
    }

    static Port withAdminState(Port p, boolean up) {
        return new Port(p.id(), p.name(), p.description(), p.projectId(), p.networkId(), p.macAddress(), p.fixedIps(),
                up, p.status(), p.deviceId(), p.deviceOwner(), p.bindingHostId(), p.portSecurityEnabled(),
                p.allowedAddressPairs(), p.createdAt(), p.updatedAt(), p.revisionNumber(), p.securityGroups(),
                p.bindingProfile(), p.tags());
    }

    static Port withPortSecurity(Port p, boolean enabled) {
        return new Port(p.id(), p.name(), p.description(), p.projectId(), p.networkId(), p.macAddress(), p.fixedIps(),
                p.adminStateUp(), p.status(), p.deviceId(), p.deviceOwner(), p.bindingHostId(), enabled,
                p.allowedAddressPairs(), p.createdAt(), p.updatedAt(), p.revisionNumber(), p.securityGroups(),
                p.bindingProfile(), p.tags());
    }

    static Port withAddresses(Port p, List<FixedIp> ips, List<AllowedAddressPair> pairs) {
        return new Port(p.id(), p.name(), p.description(), p.projectId(), p.networkId(), p.macAddress(), ips,
                p.adminStateUp(), p.status(), p.deviceId(), p.deviceOwner(), p.bindingHostId(), p.portSecurityEnabled(),
                pairs, p.createdAt(), p.updatedAt(), p.revisionNumber(), p.securityGroups(), p.bindingProfile(), p.tags());
    }

    /** An interface as OVSDB reports it, with the options a real node shows (tunnel remote, patch peer). */
    static ObservedInterface iface(String name, String bridge, int ofport, Map<String, String> ids) {
        String type = name.startsWith("patch") ? "patch" : name.startsWith("vxlan") ? "vxlan" : "";
        Map<String, String> options = Map.of();
        if (type.equals("vxlan")) {
            long hex = Long.parseLong(name.substring("vxlan-".length()), 16);
            options = Map.of("remote_ip", (hex >> 24 & 0xff) + "." + (hex >> 16 & 0xff) + "." + (hex >> 8 & 0xff)
                    + "." + (hex & 0xff));
        } else if (type.equals("patch")) {
            options = Map.of("peer", name.equals("patch-int") ? "patch-tun" : "patch-int");
        }
        return new ObservedInterface(name, bridge, type, ofport, null, ids, options);
    }
}
