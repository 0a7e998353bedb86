package dev.muon.pipeline.compile;

import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Router;
import dev.muon.pipeline.model.Subnet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The routers a node routes for, as Neutron's DVR places them: every administratively up router
 * with an interface on a network that has a port on the node routes there, for all of its
 * subnets, so a packet is routed on the node where it enters. Nothing is routed on a node that
 * has no DVR MAC yet (a routed frame would leave with the router interface MAC as source).
 */
final class NodeRouters {

    /**
     * One IPv4 address of a router on one of its networks, as routing uses it.
     *
     * @param localVlan the network's local VLAN on this node, or null when the node cannot carry
     *                  it (a VLAN network on a physical network it does not map)
     */
    record Interface(Router router, Port port, String ip, Ipv4Prefix subnet, Network network, Integer localVlan) {
        String mac() {
            return port.macAddress().toLowerCase();
        }

        boolean carried() {
            return localVlan != null;
        }
    }

    /**
     * A router routing on this node, its number (reg4), all of its interfaces, and its uplink to
     * an external network (null without a gateway, or with one that has no IPv4 address).
     */
    record LocalRouter(Router router, int number, List<Interface> interfaces, ExternalGateway gateway) {
        /** Its conntrack zone for NAT. */
        int zone() {
            return ExternalGateway.zone(number);
        }

        List<Interface> carried() {
            return interfaces.stream().filter(Interface::carried).toList();
        }

        /** The carried interface whose subnet holds {@code ip}. */
        Optional<Interface> towards(String ip) {
            return carried().stream().filter(i -> i.subnet().contains(ip)).findFirst();
        }

        /** The largest MTU among its carried networks: a way out below it may need frag-needed. */
        int largestMtu() {
            return carried().stream().mapToInt(i -> i.network().mtu()).max().orElse(0);
        }
    }

    private final String hostname;
    private final String dvrMac;
    private final Map<String, String> otherDvrMacs;
    private final List<LocalRouter> routers;
    private final Set<String> localNetworkIds;

    NodeRouters(CompileInput in, NodeTopology topo) {
        this.hostname = in.hostname();
        this.dvrMac = in.dvrMacs().get(in.hostname());
        Map<String, String> others = new TreeMap<>(in.dvrMacs());
        others.remove(in.hostname());
        others.values().removeIf(mac -> mac.equals(dvrMac));
        this.otherDvrMacs = Map.copyOf(others);
        this.localNetworkIds = new TreeSet<>();
        topo.localNetworks().keySet().forEach(n -> localNetworkIds.add(n.id()));
        this.routers = dvrMac == null ? List.of() : resolve(in, topo);
    }

    List<LocalRouter> routers() {
        return routers;
    }

    /** This node's DVR MAC; routing runs only where it is known. */
    String dvrMac() {
        return dvrMac;
    }

    /** Every other node's DVR MAC, by hostname. */
    Map<String, String> otherDvrMacs() {
        return otherDvrMacs;
    }

    /** This node's name. */
    String hostname() {
        return hostname;
    }

    /** Every carried interface of every local router. */
    List<Interface> interfaces() {
        return routers.stream().flatMap(r -> r.carried().stream()).toList();
    }

    /** Carried interfaces on networks that have a port here (where VMs send to the router). */
    List<Interface> localInterfaces() {
        return interfaces().stream().filter(this::isLocal).toList();
    }

    /** A router's carried interfaces on networks that have a port here. */
    List<Interface> localInterfaces(LocalRouter r) {
        return r.carried().stream().filter(this::isLocal).toList();
    }

    private boolean isLocal(Interface i) {
        return localNetworkIds.contains(i.network().id());
    }

    /** Networks routed to from this node that have no port on it, with their local VLANs. */
    Map<Network, Integer> routedOnlyNetworks() {
        Map<Network, Integer> out = new LinkedHashMap<>();
        interfaces().stream().filter(i -> !localNetworkIds.contains(i.network().id()))
                .sorted(Comparator.comparingInt(Interface::localVlan))
                .forEach(i -> out.putIfAbsent(i.network(), i.localVlan()));
        return out;
    }

    /** Every network a local router reaches from this node, with its local VLAN. */
    Map<Network, Integer> routedNetworks() {
        Map<Network, Integer> out = new LinkedHashMap<>();
        interfaces().stream().sorted(Comparator.comparingInt(Interface::localVlan))
                .forEach(i -> out.putIfAbsent(i.network(), i.localVlan()));
        return out;
    }

    /** The interface a VM at {@code ip} on {@code networkId} has as gateway: its subnet's, else the network's first. */
    Optional<Interface> gatewayOf(String networkId, String ip) {
        List<Interface> on = interfaces().stream().filter(i -> i.network().id().equals(networkId)).toList();
        return on.stream().filter(i -> i.subnet().contains(ip)).findFirst().or(() -> on.stream().findFirst());
    }

    private List<LocalRouter> resolve(CompileInput in, NodeTopology topo) {
        NetworkModel model = in.model();
        List<LocalRouter> out = new ArrayList<>();
        for (Router r : new TreeMap<>(model.routers()).values()) {
            Integer number = in.routerNumbers().get(r.id());
            List<Port> ports = model.interfacesOf(r.id());
            // a router routes where its networks have ports, and on the node serving its SNAT
            if (!r.adminStateUp() || number == null
                    || (ports.stream().noneMatch(p -> localNetworkIds.contains(p.networkId()))
                        && !in.hostname().equals(snatHost(model, r)))) {
                continue;
            }
            List<Interface> interfaces = new ArrayList<>();
            for (Port p : ports) {
                Optional<Network> net = model.network(p.networkId());
                if (net.isEmpty()) {
                    continue;
                }
                Integer vlan = NodeTopology.carries(topo.self(), net.get()) ? in.localVlans().get(net.get().id()) : null;
                for (FixedIp ip : p.fixedIps()) {
                    Optional<Subnet> s = model.subnet(ip.subnetId()).filter(x -> x.ipVersion() == 4);
                    s.ifPresent(sub -> interfaces.add(
                            new Interface(r, p, ip.ipAddress(), Ipv4Prefix.parse(sub.cidr()), net.get(), vlan)));
                }
            }
            out.add(new LocalRouter(r, number, List.copyOf(interfaces), gateway(in, topo, r)));
        }
        return List.copyOf(out);
    }

    /** The node serving a router's SNAT: its gateway port's binding, or null. */
    static String snatHost(NetworkModel model, Router r) {
        if (r.gateway() == null) {
            return null;
        }
        return model.port(r.gateway().portId()).filter(Port::isBound).map(Port::bindingHostId).orElse(null);
    }

    private static ExternalGateway gateway(CompileInput in, NodeTopology topo, Router r) {
        NetworkModel model = in.model();
        if (r.gateway() == null) {
            return null;
        }
        Optional<Port> port = model.port(r.gateway().portId());
        Optional<Network> net = model.network(r.gateway().networkId());
        if (port.isEmpty() || net.isEmpty() || net.get().networkType() == NetworkType.VXLAN) {
            return null;   // an external network is a provider network: flat or VLAN on a physical network
        }
        for (FixedIp ip : port.get().fixedIps()) {
            Optional<Subnet> s = model.subnet(ip.subnetId()).filter(x -> x.ipVersion() == 4);
            if (s.isEmpty()) {
                continue;
            }
            Network ext = net.get();
            PhysicalBridge bridge = topo.physicalBridges().stream()
                    .filter(pb -> pb.physnet().equals(ext.physicalNetwork())).findFirst().orElse(null);
            Integer vlan = bridge == null ? null : in.localVlans().get(ext.id());
            return new ExternalGateway(ext, s.get().id(), ip.ipAddress(), Ipv4Prefix.parse(s.get().cidr()),
                    s.get().gatewayIp(), port.get().macAddress().toLowerCase(), r.gateway().enableSnat(),
                    snatHost(model, r), in.upstreamMacs().get(s.get().id()), bridge, vlan);
        }
        return null;
    }

    /**
     * The networks routers reach from the networks of {@code localNetworkIds}, or from the node
     * that serves their SNAT, and their external networks: they need a local VLAN on the node too
     * (routed frames leave on them). For the controller, before compiling.
     */
    static Set<String> routedFrom(NetworkModel model, Set<String> localNetworkIds, String hostname) {
        Set<String> out = new TreeSet<>();
        for (Router r : model.routers().values()) {
            List<Port> ports = model.interfacesOf(r.id());
            if (r.adminStateUp() && (ports.stream().anyMatch(p -> localNetworkIds.contains(p.networkId()))
                    || hostname.equals(snatHost(model, r)))) {
                ports.forEach(p -> out.add(p.networkId()));
                if (r.gateway() != null) {
                    out.add(r.gateway().networkId());   // floating IPs and SNAT leave by it where it is mapped
                }
            }
        }
        return out;
    }
}
