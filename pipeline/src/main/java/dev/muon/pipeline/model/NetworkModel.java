package dev.muon.pipeline.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/** An immutable snapshot of the logical model: what the compiler reads. */
public final class NetworkModel {
    public static final NetworkModel EMPTY = new NetworkModel(Map.of());

    /** kind → (id → resource); every kind of {@link ResourceKind#ALL} is present. */
    private final Map<ResourceKind<?>, Map<String, ?>> collections;
    /**
     * Ports by network, built on first use (every node's compile asks for each network's ports)
     * and then carried to the snapshots made from this one by {@link #with}, port by port.
     */
    private volatile PortGroups portsByNetwork;
    /** Ports by MAC, as {@link #portsByNetwork}: a port create asks whether its random MAC is free. */
    private volatile PortGroups portsByMac;
    /** Router interface ports by router, built on first use (every node's compile asks). */
    private volatile Map<String, List<Port>> interfacesByRouter;
    /** Security group rules by group, built on first use (every node's compile asks per group). */
    private volatile Map<String, List<SecurityGroupRule>> rulesByGroup;
    /** Ports by security group (the members of a remote group), built on first use. */
    private volatile Map<String, List<Port>> portsByGroup;

    private NetworkModel(Map<ResourceKind<?>, Map<String, ?>> collections) {
        Map<ResourceKind<?>, Map<String, ?>> all = new LinkedHashMap<>();
        for (ResourceKind<?> k : ResourceKind.ALL) {
            all.put(k, ShardedMap.copyOf(collections.getOrDefault(k, Map.of())));
        }
        this.collections = Collections.unmodifiableMap(all);
    }

    public NetworkModel(Map<String, Network> networks, Map<String, Subnet> subnets, Map<String, Port> ports) {
        this(Map.of(ResourceKind.NETWORK, networks, ResourceKind.SUBNET, subnets, ResourceKind.PORT, ports));
    }

    public static NetworkModel of(Collection<Network> networks, Collection<Subnet> subnets, Collection<Port> ports) {
        Map<ResourceKind<?>, Collection<?>> m = new LinkedHashMap<>();
        m.put(ResourceKind.NETWORK, networks);
        m.put(ResourceKind.SUBNET, subnets);
        m.put(ResourceKind.PORT, ports);
        return fromCollections(m);
    }

    /** A model from lists of resources per kind (what persistence loads). */
    public static NetworkModel fromCollections(Map<ResourceKind<?>, ? extends Collection<?>> resources) {
        Map<ResourceKind<?>, Map<String, ?>> m = new LinkedHashMap<>();
        resources.forEach((kind, list) -> {
            Map<String, Object> byId = new TreeMap<>();
            list.forEach(r -> byId.put(kind.id(r), kind.type().cast(r)));
            m.put(kind, byId);
        });
        return new NetworkModel(m);
    }

    /** Every resource of a kind, by id. */
    @SuppressWarnings("unchecked")
    public <T> Map<String, T> all(ResourceKind<T> kind) {
        return (Map<String, T>) collections.get(kind);
    }

    public <T> Optional<T> get(ResourceKind<T> kind, String id) {
        return Optional.ofNullable(all(kind).get(id));
    }

    /** A copy with the resource added or replaced (same id); it shares all but one shard of the kind's map. */
    public <T> NetworkModel with(ResourceKind<T> kind, T resource) {
        String id = kind.id(resource);
        T before = all(kind).get(id);
        return replace(kind, sharded(kind).with(id, resource), before, resource);
    }

    public NetworkModel without(ResourceKind<?> kind, String id) {
        Object before = all(kind).get(id);
        if (before == null) {
            return this;
        }
        return replace(kind, sharded(kind).without(id), before, null);
    }

    @SuppressWarnings("unchecked")
    private <T> ShardedMap<T> sharded(ResourceKind<T> kind) {
        return (ShardedMap<T>) collections.get(kind);
    }

    private NetworkModel replace(ResourceKind<?> kind, Map<String, ?> resources, Object before, Object after) {
        Map<ResourceKind<?>, Map<String, ?>> m = new LinkedHashMap<>(collections);
        m.put(kind, resources);
        NetworkModel next = new NetworkModel(m);
        if (kind == ResourceKind.PORT) {
            PortGroups byNetwork = portsByNetwork;
            PortGroups byMac = portsByMac;
            next.portsByNetwork = byNetwork == null ? null : byNetwork.replacing((Port) before, (Port) after);
            next.portsByMac = byMac == null ? null : byMac.replacing((Port) before, (Port) after);
        } else {
            next.portsByNetwork = portsByNetwork;
            next.portsByMac = portsByMac;
        }
        return next;
    }

    /**
     * Calls {@code visitor} for every resource of {@code kind} that differs between
     * {@code before} and this snapshot: (old, new), old null when added, new null when removed.
     * Resources that neither copy changed are the same objects in both and are skipped without
     * being compared, a shard of the map at a time, so this is quick when this snapshot was made
     * from {@code before} by a few writes.
     */
    public <T> void forEachChangeSince(NetworkModel before, ResourceKind<T> kind, BiConsumer<T, T> visitor) {
        sharded(kind).forEachDifferentShard(before.sharded(kind), (now, old) -> {
            now.forEach((id, resource) -> {
                T previous = old.get(id);
                if (previous != resource && !resource.equals(previous)) {
                    visitor.accept(previous, resource);
                }
            });
            old.forEach((id, resource) -> {
                if (!now.containsKey(id)) {
                    visitor.accept(resource, null);
                }
            });
        });
    }

    public Map<String, Network> networks() {
        return all(ResourceKind.NETWORK);
    }

    public Map<String, Subnet> subnets() {
        return all(ResourceKind.SUBNET);
    }

    public Map<String, Port> ports() {
        return all(ResourceKind.PORT);
    }

    public Optional<Network> network(String id) {
        return get(ResourceKind.NETWORK, id);
    }

    public Optional<Port> port(String id) {
        return get(ResourceKind.PORT, id);
    }

    public Optional<Subnet> subnet(String id) {
        return get(ResourceKind.SUBNET, id);
    }

    /** Ports of a network, in id order so that compiled flows are deterministic. */
    public List<Port> portsOf(String networkId) {
        PortGroups index = portsByNetwork;
        if (index == null) {
            portsByNetwork = index = PortGroups.of(ports().values(), Port::networkId);   // a benign race: two threads build the same index
        }
        return index.get(networkId);
    }

    /** Ports with this MAC (on different networks, or none), in id order. */
    public List<Port> portsWithMac(String mac) {
        PortGroups index = portsByMac;
        if (index == null) {
            portsByMac = index = PortGroups.of(ports().values(), Port::macAddress);   // a benign race, as for portsByNetwork
        }
        return index.get(mac);
    }

    public Map<String, Router> routers() {
        return all(ResourceKind.ROUTER);
    }

    /**
     * A router's internal interfaces (ports owned by it as network:router_interface or
     * network:router_interface_distributed), in id order; the gateway port is not one.
     */
    public List<Port> interfacesOf(String routerId) {
        Map<String, List<Port>> index = interfacesByRouter;
        if (index == null) {
            Map<String, List<Port>> built = new HashMap<>();
            ports().values().stream()
                    .filter(p -> DeviceOwner.ROUTER_INTERFACE_OWNERS.contains(p.deviceOwner()))
                    .sorted(Comparator.comparing(Port::id))
                    .forEach(p -> built.computeIfAbsent(p.deviceId(), r -> new ArrayList<>()).add(p));
            built.replaceAll((r, list) -> List.copyOf(list));
            interfacesByRouter = index = built;   // a benign race, as for portsByNetwork
        }
        return index.getOrDefault(routerId, List.of());
    }

    public List<Subnet> subnetsOf(String networkId) {
        return subnets().values().stream()
                .filter(s -> s.networkId().equals(networkId))
                .sorted(Comparator.comparing(Subnet::id))
                .toList();
    }

    /** A copy with the network added or replaced (same id). */
    public NetworkModel withNetwork(Network network) {
        return with(ResourceKind.NETWORK, network);
    }

    public NetworkModel withoutNetwork(String id) {
        return without(ResourceKind.NETWORK, id);
    }

    /** A copy with the subnet added or replaced (same id). */
    public NetworkModel withSubnet(Subnet subnet) {
        return with(ResourceKind.SUBNET, subnet);
    }

    public NetworkModel withoutSubnet(String id) {
        return without(ResourceKind.SUBNET, id);
    }

    /** A copy with the port added or replaced (same id). */
    public NetworkModel withPort(Port port) {
        return with(ResourceKind.PORT, port);
    }

    public NetworkModel withoutPort(String id) {
        return without(ResourceKind.PORT, id);
    }

    public Optional<SecurityGroup> securityGroup(String id) {
        return get(ResourceKind.SECURITY_GROUP, id);
    }

    /** A security group's rules, in id order. */
    public List<SecurityGroupRule> rulesOf(String securityGroupId) {
        Map<String, List<SecurityGroupRule>> index = rulesByGroup;
        if (index == null) {
            Map<String, List<SecurityGroupRule>> built = new HashMap<>();
            all(ResourceKind.SECURITY_GROUP_RULE).values().stream().sorted(Comparator.comparing(SecurityGroupRule::id))
                    .forEach(r -> built.computeIfAbsent(r.securityGroupId(), g -> new ArrayList<>()).add(r));
            built.replaceAll((g, list) -> List.copyOf(list));
            rulesByGroup = index = built;   // a benign race, as for portsByNetwork
        }
        return index.getOrDefault(securityGroupId, List.of());
    }

    /** The ports that are members of a security group, in id order. */
    public List<Port> membersOf(String securityGroupId) {
        Map<String, List<Port>> index = portsByGroup;
        if (index == null) {
            Map<String, List<Port>> built = new HashMap<>();
            ports().values().stream().sorted(Comparator.comparing(Port::id))
                    .forEach(p -> p.securityGroups().forEach(g -> built.computeIfAbsent(g, x -> new ArrayList<>()).add(p)));
            built.replaceAll((g, list) -> List.copyOf(list));
            portsByGroup = index = built;   // a benign race, as for portsByNetwork
        }
        return index.getOrDefault(securityGroupId, List.of());
    }
}
