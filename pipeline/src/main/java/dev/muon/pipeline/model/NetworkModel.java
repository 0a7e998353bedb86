package dev.muon.pipeline.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Optional;
import java.util.TreeMap;

/** An immutable snapshot of the logical model: what the compiler reads. */
public final class NetworkModel {
    public static final NetworkModel EMPTY = new NetworkModel(Map.of(), Map.of(), Map.of());

    private final Map<String, Network> networks;
    private final Map<String, Subnet> subnets;
    private final Map<String, Port> ports;

    public NetworkModel(Map<String, Network> networks, Map<String, Subnet> subnets, Map<String, Port> ports) {
        this.networks = Map.copyOf(networks);
        this.subnets = Map.copyOf(subnets);
        this.ports = Map.copyOf(ports);
    }

    public static NetworkModel of(Collection<Network> networks, Collection<Subnet> subnets, Collection<Port> ports) {
        Map<String, Network> n = new TreeMap<>();
        networks.forEach(x -> n.put(x.id(), x));
        Map<String, Subnet> s = new TreeMap<>();
        subnets.forEach(x -> s.put(x.id(), x));
        Map<String, Port> p = new TreeMap<>();
        ports.forEach(x -> p.put(x.id(), x));
        return new NetworkModel(n, s, p);
    }

    public Map<String, Network> networks() {
        return networks;
    }

    public Map<String, Subnet> subnets() {
        return subnets;
    }

    public Map<String, Port> ports() {
        return ports;
    }

    public Optional<Network> network(String id) {
        return Optional.ofNullable(networks.get(id));
    }

    public Optional<Port> port(String id) {
        return Optional.ofNullable(ports.get(id));
    }

    /** Ports of a network, in id order so that compiled flows are deterministic. */
    public List<Port> portsOf(String networkId) {
        return ports.values().stream()
                .filter(p -> p.networkId().equals(networkId))
                .sorted(Comparator.comparing(Port::id))
                .toList();
    }

    public List<Subnet> subnetsOf(String networkId) {
        return subnets.values().stream()
                .filter(s -> s.networkId().equals(networkId))
                .sorted(Comparator.comparing(Subnet::id))
                .toList();
    }

    public Optional<Subnet> subnet(String id) {
        return Optional.ofNullable(subnets.get(id));
    }

    /** A copy with the network added or replaced (same id). */
    public NetworkModel withNetwork(Network network) {
        return new NetworkModel(put(networks, network.id(), network), subnets, ports);
    }

    public NetworkModel withoutNetwork(String id) {
        return new NetworkModel(remove(networks, id), subnets, ports);
    }

    /** A copy with the subnet added or replaced (same id). */
    public NetworkModel withSubnet(Subnet subnet) {
        return new NetworkModel(networks, put(subnets, subnet.id(), subnet), ports);
    }

    public NetworkModel withoutSubnet(String id) {
        return new NetworkModel(networks, remove(subnets, id), ports);
    }

    /** A copy with the port added or replaced (same id). */
    public NetworkModel withPort(Port port) {
        return new NetworkModel(networks, subnets, put(ports, port.id(), port));
    }

    public NetworkModel withoutPort(String id) {
        return new NetworkModel(networks, subnets, remove(ports, id));
    }

    private static <V> Map<String, V> put(Map<String, V> map, String key, V value) {
        Map<String, V> copy = new HashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    private static <V> Map<String, V> remove(Map<String, V> map, String key) {
        Map<String, V> copy = new HashMap<>(map);
        copy.remove(key);
        return copy;
    }
}
