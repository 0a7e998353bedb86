package dev.muon.pipeline.compile;

import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The compiling node's view of the world: its physical bridges, its plugged ports, its
 * tunnels and, per network, the remote ports and nodes it must reach. Derived, never stored.
 */
public final class NodeTopology {
    private final CompileInput in;
    private final NodeState self;
    private final List<String> warnings = new ArrayList<>();
    private final List<PhysicalBridge> physicalBridges;
    private final List<LocalPort> localPorts;
    private final Map<String, Integer> tunnelOfports;
    /** The node's numbered interfaces by bridge and name: a node with a thousand tunnels asks for each. */
    private final Map<String, Integer> ofports = new HashMap<>();

    /** Per network, asked by several modules (L2 population, ARP responder, flooding). */
    private final Map<String, List<Port>> remotePorts = new HashMap<>();

    public NodeTopology(CompileInput in) {
        this.in = in;
        this.self = in.node();
        for (ObservedInterface i : self.interfaces()) {
            if (i.hasOfport()) {
                ofports.putIfAbsent(i.bridge() + "/" + i.name(), i.ofport());
            }
        }
        this.physicalBridges = resolvePhysicalBridges();
        this.localPorts = resolveLocalPorts();
        this.tunnelOfports = resolveTunnels();
    }

    /** What an operator should hear about this node's configuration, e.g. a network it cannot carry. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The node's bridge mappings as bridges Muon owns, in physical network order. */
    public List<PhysicalBridge> physicalBridges() {
        return physicalBridges;
    }

    /** Local networks carried by a physical bridge (VLAN and flat on its physnet), with their local VLANs. */
    public Map<Network, Integer> localNetworksOn(PhysicalBridge bridge) {
        Map<Network, Integer> out = new LinkedHashMap<>();
        localNetworks().forEach((net, vlan) -> {
            if (net.networkType() != NetworkType.VXLAN && bridge.physnet().equals(net.physicalNetwork())) {
                out.put(net, vlan);
            }
        });
        return out;
    }

    public NodeState self() {
        return self;
    }

    public String hostname() {
        return in.hostname();
    }

    public NetworkModel model() {
        return in.model();
    }

    public List<LocalPort> localPorts() {
        return localPorts;
    }

    /** VIFs on br-int whose iface-id names no port Muon can wire yet: parked on the dead VLAN. */
    public List<ObservedInterface> unwiredVifs() {
        Set<String> wired = new TreeSet<>();
        localPorts.forEach(lp -> wired.add(lp.interfaceName()));
        return self.vifs(Bridges.INTEGRATION).stream().filter(i -> !wired.contains(i.name())).toList();
    }

    /** Networks with a port on this node, each with its local VLAN, in VLAN order. */
    public Map<Network, Integer> localNetworks() {
        Map<Network, Integer> out = new LinkedHashMap<>();
        localPorts.stream()
                .sorted(Comparator.comparingInt(LocalPort::localVlan))
                .forEach(lp -> out.putIfAbsent(lp.network(), lp.localVlan()));
        return out;
    }

    /**
     * Other nodes that can be tunnelled to, with both encap IPs known, by hostname; a node
     * claiming this node's own encap IP is not one (a tunnel to itself carries nothing).
     */
    public List<NodeState> remoteNodes() {
        if (remoteNodes == null) {
            remoteNodes = findRemoteNodes();
        }
        return remoteNodes;
    }

    private List<NodeState> remoteNodes;

    private List<NodeState> findRemoteNodes() {
        String own = self.config().encapIp();
        if (own == null) {
            return List.of();
        }
        return in.nodes().values().stream()
                .filter(n -> n.config() != null && !n.hostname().equals(hostname()))
                .filter(n -> n.config().encapIp() != null && !n.config().encapIp().equals(own))
                .sorted(Comparator.comparing(NodeState::hostname))
                .toList();
    }

    /**
     * One remote node per encap IP, the first by hostname: a tunnel port is named for its
     * address, so nodes sharing one share its port (two ports of one name would fail every
     * OVSDB transaction of the node) and its table-0 flow. Each still reaches its own ports.
     */
    public List<NodeState> tunnelEndpoints() {
        Set<String> seen = new TreeSet<>();
        return remoteNodes().stream().filter(n -> seen.add(n.config().encapIp())).toList();
    }

    public Optional<Integer> tunnelOfport(String remoteHostname) {
        return Optional.ofNullable(tunnelOfports.get(remoteHostname));
    }

    /** Active, administratively up ports of a network bound to other nodes that this node has a working tunnel to. */
    public List<Port> remotePorts(String networkId) {
        return remotePorts.computeIfAbsent(networkId, id -> in.model().portsOf(id).stream()
                .filter(p -> p.isBound() && !p.bindingHostId().equals(hostname()) && "ACTIVE".equals(p.status()))
                .filter(Port::adminStateUp)
                .filter(p -> tunnelOfports.containsKey(p.bindingHostId()))
                .toList());
    }

    /** Tunnel ofports towards the nodes that have ports on a network (the flood list). */
    public List<Integer> floodTunnels(String networkId) {
        Set<Integer> out = new TreeSet<>();
        remotePorts(networkId).forEach(p -> out.add(tunnelOfports.get(p.bindingHostId())));
        return new ArrayList<>(out);
    }

    public Optional<Integer> ofport(String bridge, String name) {
        return Optional.ofNullable(ofports.get(bridge + "/" + name));
    }

    /**
     * Bridge mappings Muon can own. Mapping br-int or br-tun, or one bridge to two physical
     * networks, is refused as Neutron's agent refuses it.
     */
    private List<PhysicalBridge> resolvePhysicalBridges() {
        Map<String, String> usable = usableMappings(self.config().bridgeMappings());
        self.config().bridgeMappings().forEach((physnet, bridge) -> {
            if (!usable.containsKey(physnet)) {
                warnings.add("bridge mapping " + physnet + ":" + bridge + " ignored: " + bridge
                        + " is br-int, br-tun or mapped to another physical network");
            }
        });
        List<PhysicalBridge> out = new ArrayList<>();
        usable.forEach((physnet, bridge) -> out.add(PhysicalBridge.of(physnet, bridge)));
        return List.copyOf(out);
    }

    /**
     * The mappings Muon can own, physnet → bridge. Mapping br-int or br-tun, or one bridge to
     * two physical networks (the later physnet by name loses), is refused as Neutron's agent does.
     */
    static Map<String, String> usableMappings(Map<String, String> mappings) {
        Map<String, String> out = new TreeMap<>();
        Set<String> used = new TreeSet<>(List.of(Bridges.INTEGRATION, Bridges.TUNNEL));
        new TreeMap<>(mappings).forEach((physnet, bridge) -> {
            if (used.add(bridge)) {
                out.put(physnet, bridge);
            }
        });
        return out;
    }

    /**
     * VIFs Muon wires: a known port, administratively up, on a network with a local VLAN
     * that this node can carry. The rest stay on the dead VLAN (as Neutron's port_dead).
     */
    private List<LocalPort> resolveLocalPorts() {
        List<LocalPort> out = new ArrayList<>();
        for (ObservedInterface vif : self.vifs(Bridges.INTEGRATION)) {
            if (!vif.hasOfport()) {
                continue;
            }
            Optional<Port> port = in.model().port(vif.ifaceId());
            if (port.isEmpty() || !port.get().adminStateUp()) {
                continue;
            }
            if (port.get().heldForAnotherHost(hostname())) {
                warnings.add("port " + port.get().id() + " (" + vif.name() + ") stays on the dead VLAN: it is bound to "
                        + "host " + port.get().bindingHostId());
                continue;
            }
            Optional<Network> net = in.model().network(port.get().networkId());
            Integer vlan = in.localVlans().get(port.get().networkId());
            if (net.isEmpty()) {
                continue;
            }
            if (!carries(self, net.get())) {
                warnings.add("port " + port.get().id() + " (" + vif.name() + ") stays on the dead VLAN: network "
                        + net.get().id() + " is on physical network " + net.get().physicalNetwork()
                        + ", which this node has no bridge mapping for");
                continue;
            }
            if (vlan == null) {
                continue;
            }
            out.add(new LocalPort(port.get(), net.get(), vif.name(), vif.ofport(), vlan));
        }
        out.sort(Comparator.comparing(lp -> lp.port().id()));
        return List.copyOf(out);
    }

    /**
     * The local VLAN a VIF not yet numbered will be wired on once its ofport comes (a known port,
     * up, on a network this node carries and has a VLAN for), so it can be tagged already: when
     * the ofport arrives only its flows are left to push.
     */
    public Optional<Integer> pendingVlan(ObservedInterface vif) {
        Optional<Port> port = in.model().port(vif.ifaceId());
        if (port.isEmpty() || !port.get().adminStateUp() || port.get().heldForAnotherHost(hostname())) {
            return Optional.empty();
        }
        return in.model().network(port.get().networkId())
                .filter(net -> carries(self, net))
                .map(net -> in.localVlans().get(net.id()));
    }

    /** Why {@code vif}, not among {@link #localPorts()}, is not wired (it stays on the dead VLAN). */
    public PortWiring.DeadReason deadReason(ObservedInterface vif) {
        if (!vif.hasOfport()) {
            return PortWiring.DeadReason.NOT_NUMBERED;
        }
        Optional<Port> port = in.model().port(vif.ifaceId());
        if (port.isEmpty()) {
            return PortWiring.DeadReason.UNKNOWN_PORT;
        }
        if (!port.get().adminStateUp()) {
            return PortWiring.DeadReason.ADMIN_DOWN;
        }
        if (port.get().heldForAnotherHost(hostname())) {
            return PortWiring.DeadReason.BOUND_ELSEWHERE;
        }
        Optional<Network> net = in.model().network(port.get().networkId());
        if (net.isEmpty()) {
            return PortWiring.DeadReason.NO_NETWORK;
        }
        if (!carries(self, net.get())) {
            return PortWiring.DeadReason.NOT_CARRIED;
        }
        return PortWiring.DeadReason.NO_LOCAL_VLAN;
    }

    /** VXLAN networks go everywhere; VLAN and flat ones only where their physical network is mapped. */
    public static boolean carries(NodeState node, Network net) {
        return net.networkType() == NetworkType.VXLAN
                || usableMappings(node.config().bridgeMappings()).containsKey(net.physicalNetwork());
    }

    private Map<String, Integer> resolveTunnels() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (NodeState remote : remoteNodes()) {
            String name = Bridges.tunnelPortName(remote.config().encapIp());
            ofport(Bridges.TUNNEL, name).ifPresent(p -> out.put(remote.hostname(), p));
        }
        return out;
    }

    /**
     * Networks that need a local VLAN on a node: those of the ports whose VIFs are
     * plugged there and those their routers reach, if the node can carry them. The controller allocates VLANs for these
     * before compiling.
     */
    public static Set<String> networksNeedingLocalVlan(NetworkModel model, NodeState node) {
        Set<String> out = new TreeSet<>();
        for (ObservedInterface vif : node.vifs(Bridges.INTEGRATION)) {
            model.port(vif.ifaceId())
                    .flatMap(p -> model.network(p.networkId()))
                    .filter(net -> node.config() == null || carries(node, net))
                    .ifPresent(net -> out.add(net.id()));
        }
        // the networks their routers reach: routed frames leave on those too
        for (String id : NodeRouters.routedFrom(model, Set.copyOf(out), node.hostname())) {
            model.network(id).filter(net -> node.config() == null || carries(node, net)).ifPresent(net -> out.add(id));
        }
        return out;
    }
}
