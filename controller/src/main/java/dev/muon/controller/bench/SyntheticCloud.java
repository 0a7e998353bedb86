package dev.muon.controller.bench;

import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.CompileInput;
import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.DeviceOwner;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.Router;
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
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A deterministic synthetic cloud for the benchmark: {@code ports} VMs on VXLAN networks of
 * {@link #PORTS_PER_NETWORK} ports each (network i has subnet 10.i/256.i%256.0/24), spread
 * over {@code nodes} nodes. node1 is the one measured; its VIFs are given ofports as if
 * plugged, the others are remote (unless every node's VIFs are plugged, as the routing
 * benchmark needs: a node routes only for networks it has a plugged port on).
 *
 * <p>With routers, one router per {@code networksPerRouter} consecutive networks, each with
 * one interface per network (device_owner network:router_interface_distributed, device_id the
 * router, fixed IP the subnet's gateway, unbound), every node has a DVR MAC and every router a
 * number, as the controller would pass them to the compiler.
 */
final class SyntheticCloud {
    static final int PORTS_PER_NETWORK = 50;
    private static final Instant T = Instant.EPOCH;

    final NetworkModel model;
    final Map<String, NodeState> nodes;
    final Map<String, Integer> localVlans;
    final int localPorts;
    /** hostname → DVR MAC; empty without routers. */
    final Map<String, String> dvrMacs;
    /** router id → number; empty without routers. */
    final Map<String, Integer> routerNumbers;
    /** Every router interface port, by network id (empty without routers). */
    final Map<String, Port> interfaces;

    private SyntheticCloud(NetworkModel model, Map<String, NodeState> nodes, Map<String, Integer> localVlans,
                           int localPorts, Map<String, String> dvrMacs, Map<String, Integer> routerNumbers,
                           Map<String, Port> interfaces) {
        this.model = model;
        this.nodes = nodes;
        this.localVlans = localVlans;
        this.localPorts = localPorts;
        this.dvrMacs = dvrMacs;
        this.routerNumbers = routerNumbers;
        this.interfaces = interfaces;
    }

    static SyntheticCloud build(int portCount, int nodeCount, long seed) {
        return build(portCount, nodeCount, seed, 0, false);
    }

    /**
     * @param networksPerRouter 0 for no routers
     * @param plugEverywhere    give every node's VIFs ofports, not only node1's
     */
    static SyntheticCloud build(int portCount, int nodeCount, long seed, int networksPerRouter,
                                boolean plugEverywhere) {
        Random random = new Random(seed);
        List<Network> networks = new ArrayList<>();
        List<Subnet> subnets = new ArrayList<>();
        List<Port> ports = new ArrayList<>();
        Map<String, List<ObservedInterface>> ifaces = new TreeMap<>();
        Map<String, Integer> nextOfport = new TreeMap<>();
        for (int n = 1; n <= nodeCount; n++) {
            List<ObservedInterface> list = new ArrayList<>();
            list.add(iface("patch-tun", Bridges.INTEGRATION, 1, Map.of()));
            list.add(iface("patch-int", Bridges.TUNNEL, 1, Map.of()));
            int tun = 2;
            for (int r = 1; r <= nodeCount; r++) {
                if (r != n) {
                    list.add(iface(Bridges.tunnelPortName(encapIp(r)), Bridges.TUNNEL, tun++, Map.of()));
                }
            }
            ifaces.put(host(n), list);
            nextOfport.put(host(n), 2);
        }
        Map<String, Integer> localVlans = new LinkedHashMap<>();
        List<Router> routers = new ArrayList<>();
        Map<String, Integer> routerNumbers = new TreeMap<>();
        Map<String, Port> interfaces = new TreeMap<>();
        int networkCount = (portCount + PORTS_PER_NETWORK - 1) / PORTS_PER_NETWORK;
        int local = 0;
        for (int i = 0; i < networkCount; i++) {
            String netId = String.format("net-%05d", i);
            networks.add(new Network(netId, netId, "", "bench", true, false, false, NetworkType.VXLAN, null,
                    1000 + i, 1450, "ACTIVE", T, T, 1, false, true, List.of()));
            String subId = String.format("sub-%05d", i);
            String prefix = "10." + ((i >> 8) & 0xff) + "." + (i & 0xff) + ".";
            subnets.add(new Subnet(subId, subId, "", "bench", netId, 4, prefix + "0/24", prefix + "1",
                    List.of(new AllocationPool(prefix + "2", prefix + "254")), true, List.of(), List.of(), T, T, 1,
                    null, List.of()));
            localVlans.put(netId, i % 4094 + 1);
            if (networksPerRouter > 0) {
                String routerId = String.format("router-%05d", i / networksPerRouter);
                if (i % networksPerRouter == 0) {
                    routers.add(new Router(routerId, routerId, "", "bench", true, "ACTIVE", null, true, false,
                            List.of(), List.of(), T, T, 1));
                    routerNumbers.put(routerId, routerNumbers.size() + 1);
                }
                String ifId = String.format("rif-%05d", i);
                interfaces.put(netId, new Port(ifId, "", "", "bench", netId,
                        String.format("fa:16:3e:80:%02x:%02x", (i >> 8) & 0xff, i & 0xff),
                        List.of(new FixedIp(subId, prefix + "1")), true, "ACTIVE", routerId,
                        DeviceOwner.ROUTER_INTERFACE_DISTRIBUTED, "", true, List.of(), T, T, 1, List.of(), Map.of(),
                        List.of()));
            }
            for (int j = 0; j < PORTS_PER_NETWORK && ports.size() < portCount; j++) {
                int k = ports.size();
                String portId = String.format("port-%06d", k);
                String host = host(1 + random.nextInt(nodeCount));
                String mac = String.format("fa:16:3e:%02x:%02x:%02x", (k >> 16) & 0xff, (k >> 8) & 0xff, k & 0xff);
                String ip = prefix + (j + 2);
                ports.add(new Port(portId, portId, "", "bench", netId, mac, List.of(new FixedIp(subId, ip)), true,
                        "ACTIVE", "vm-" + k, "compute:nova", host, true, List.of(), T, T, 1, List.of(), Map.of(),
                        List.of()));
                if (host.equals(host(1)) || plugEverywhere) {
                    int ofport = nextOfport.merge(host, 1, Integer::sum) - 1;
                    ifaces.get(host).add(iface("tap" + k, Bridges.INTEGRATION, ofport, Map.of("iface-id", portId)));
                }
                if (host.equals(host(1))) {
                    local++;
                }
            }
        }
        Map<String, NodeState> nodes = new TreeMap<>();
        Map<String, String> dvrMacs = new TreeMap<>();
        for (int n = 1; n <= nodeCount; n++) {
            NodeConfig cfg = new NodeConfig(host(n), encapIp(n), NodeRole.COMPUTE, Map.of(), "netdev", null);
            nodes.put(host(n), new NodeState("bench-" + n, cfg, Set.of(Bridges.INTEGRATION, Bridges.TUNNEL),
                    ifaces.get(host(n))));
            if (networksPerRouter > 0) {
                dvrMacs.put(host(n), String.format("fa:16:3f:%02x:%02x:%02x", n >> 16 & 0xff, n >> 8 & 0xff, n & 0xff));
            }
        }
        Map<ResourceKind<?>, List<?>> resources = new LinkedHashMap<>();
        ports.addAll(interfaces.values());
        resources.put(ResourceKind.NETWORK, networks);
        resources.put(ResourceKind.SUBNET, subnets);
        resources.put(ResourceKind.PORT, ports);
        resources.put(ResourceKind.ROUTER, routers);
        return new SyntheticCloud(NetworkModel.fromCollections(resources), nodes, localVlans, local,
                Map.copyOf(dvrMacs), Map.copyOf(routerNumbers), Map.copyOf(interfaces));
    }

    /** The same cloud with another model (e.g. an interface removed or added). */
    SyntheticCloud withModel(NetworkModel other) {
        return new SyntheticCloud(other, nodes, localVlans, localPorts, dvrMacs, routerNumbers, interfaces);
    }

    /**
     * The same cloud without routers or their interfaces, still with every node's DVR MAC (as the
     * controller compiles a cloud that has no router): the baseline routing is measured against.
     */
    SyntheticCloud withoutRouters() {
        NetworkModel m = model;
        for (Port p : interfaces.values()) {
            m = m.withoutPort(p.id());
        }
        for (String r : model.routers().keySet()) {
            m = m.without(ResourceKind.ROUTER, r);
        }
        return new SyntheticCloud(m, nodes, localVlans, localPorts, dvrMacs, Map.of(), Map.of());
    }

    /**
     * The same cloud with security groups as a project would have them: every VM port in the
     * project's {@code default} group with Neutron's default rules (egress all, ingress from the
     * group's own members, IPv4 and IPv6), plus a group {@value #WEB} of {@code webMembers} ports
     * (every {@code ports/webMembers}-th port, so spread over networks and nodes; egress all, as
     * Neutron creates a group) that a rule of {@code default} names: ingress IPv4 TCP 80 from
     * remote group {@value #WEB}. Router interfaces keep no groups (as the API leaves them).
     */
    SyntheticCloud withSecurityGroups(int webMembers) {
        List<SecurityGroup> groups = List.of(
                new SecurityGroup(DEFAULT_GROUP, SecurityGroup.DEFAULT_NAME, "", "bench", true, List.of(), T, T, 1),
                new SecurityGroup(WEB_GROUP, WEB, "", "bench", true, List.of(), T, T, 1));
        List<SecurityGroupRule> rules = new ArrayList<>();
        for (String ethertype : List.of("IPv4", "IPv6")) {
            rules.add(rule("default-egress-" + ethertype, DEFAULT_GROUP, "egress", ethertype, null, null, null, null));
            rules.add(rule("default-ingress-" + ethertype, DEFAULT_GROUP, "ingress", ethertype, null, null, null,
                    DEFAULT_GROUP));
            rules.add(rule("web-egress-" + ethertype, WEB_GROUP, "egress", ethertype, null, null, null, null));
        }
        rules.add(rule("default-ingress-http-from-web", DEFAULT_GROUP, "ingress", "IPv4", "tcp", 80, 80, WEB_GROUP));
        List<Port> ports = new ArrayList<>();
        List<Port> vms = model.ports().values().stream().filter(p -> p.deviceOwner().startsWith("compute:"))
                .sorted(java.util.Comparator.comparing(Port::id)).toList();
        int stride = webMembers <= 0 ? Integer.MAX_VALUE : Math.max(1, vms.size() / webMembers);
        int inWeb = 0;
        for (int k = 0; k < vms.size(); k++) {
            boolean web = k % stride == 0 && inWeb < webMembers;
            if (web) {
                inWeb++;
            }
            ports.add(withGroups(vms.get(k), web ? List.of(DEFAULT_GROUP, WEB_GROUP) : List.of(DEFAULT_GROUP)));
        }
        model.ports().values().stream().filter(p -> !p.deviceOwner().startsWith("compute:")).forEach(ports::add);
        Map<ResourceKind<?>, List<?>> resources = new LinkedHashMap<>();
        for (ResourceKind<?> kind : ResourceKind.ALL) {
            resources.put(kind, List.copyOf(model.all(kind).values()));
        }
        resources.put(ResourceKind.PORT, ports);
        resources.put(ResourceKind.SECURITY_GROUP, groups);
        resources.put(ResourceKind.SECURITY_GROUP_RULE, rules);
        NetworkModel m = NetworkModel.fromCollections(resources);
        return withModel(m);
    }

    static final String WEB = "web";
    static final String DEFAULT_GROUP = "sg-default";
    static final String WEB_GROUP = "sg-web";

    /** A copy of {@code p} in {@code groups}, revised (as a port update leaves it). */
    static Port withGroups(Port p, List<String> groups) {
        return new Port(p.id(), p.name(), p.description(), p.projectId(), p.networkId(), p.macAddress(), p.fixedIps(),
                p.adminStateUp(), p.status(), p.deviceId(), p.deviceOwner(), p.bindingHostId(),
                p.portSecurityEnabled(), p.allowedAddressPairs(), p.createdAt(), p.updatedAt(), p.revisionNumber(),
                groups, p.bindingProfile(), p.tags());
    }

    private static SecurityGroupRule rule(String id, String group, String direction, String ethertype, String protocol,
                                          Integer min, Integer max, String remoteGroup) {
        return new SecurityGroupRule(id, group, "bench", "", direction, ethertype, protocol, min, max, null,
                remoteGroup, T, T, 1);
    }

    /** node1's input, without DVR MACs or router numbers: the L2 pipeline the first table measures. */
    CompileInput input(String controllerTarget) {
        return new CompileInput(model, nodes, host(1), localVlans, controllerTarget);
    }

    /** A node's input as the controller builds it: with every node's DVR MAC and every router's number. */
    CompileInput input(String controllerTarget, String hostname) {
        return new CompileInput(model, nodes, hostname, localVlans, controllerTarget, dvrMacs, routerNumbers);
    }

    /** Hostnames of the nodes with a port on the network (where a router on it routes, among others). */
    List<String> hostsOn(String networkId) {
        return model.portsOf(networkId).stream().map(Port::bindingHostId).filter(h -> !h.isEmpty())
                .distinct().sorted().toList();
    }

    static String host(int n) {
        return "node" + n;
    }

    private static String encapIp(int n) {
        return "192.168." + (1 + n / 250) + "." + (10 + n % 250);
    }

    private static ObservedInterface iface(String name, String bridge, int ofport, Map<String, String> ids) {
        return new ObservedInterface(name, bridge, "", ofport, null, ids, Map.of());
    }
}
