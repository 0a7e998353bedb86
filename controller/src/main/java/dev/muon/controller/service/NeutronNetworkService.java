package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.northbound.NetworkRequest;
import dev.muon.northbound.NetworkService;
import dev.muon.northbound.NetworkView;
import dev.muon.northbound.PortRequest;
import dev.muon.northbound.SubnetRequest;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Neutron's core plugin for Muon: networks, subnets and ports with Neutron's defaults,
 * validation, IPAM, MAC and segment allocation. Every write is one {@link ModelStore}
 * transaction, so a refused request leaves nothing behind and an accepted one is durable
 * before the client hears of it.
 *
 * <p>Configuration: see {@link ServiceConfig} (VXLAN VNI range for tenant networks, the
 * default project, VLAN ranges per physical network).
 */
public final class NeutronNetworkService implements NetworkService {
    private final ModelStore store;
    private final NetworkOperations networks;
    private final SubnetOperations subnets;
    private final PortOperations ports;

    public NeutronNetworkService(ModelStore store, ServiceConfig config) {
        this(store, config, Clock.systemUTC(), new SecureRandom());
    }

    /** With a given clock and MAC randomness, for tests. */
    public NeutronNetworkService(ModelStore store, ServiceConfig config, Clock clock, RandomGenerator random) {
        this.store = store;
        this.networks = new NetworkOperations(config, clock);
        this.subnets = new SubnetOperations(config, networks, clock);
        this.ports = new PortOperations(config, new MacAllocator(random), clock);
    }

    /** The current model, for the reconciler. */
    public NetworkModel snapshot() {
        return store.snapshot();
    }

    /**
     * Records what OVSDB shows about a port's VIF: plugged on {@code hostId} ({@code active}) or
     * unplugged ({@code hostId} ""). Sets binding:host_id and status ACTIVE/DOWN; does nothing when
     * that is already so or when the port does not exist (a VIF may name a deleted port).
     */
    public void setPortBinding(String portId, String hostId, boolean active) {
        store.write(m -> ports.bind(m, portId, hostId, active));
    }

    @Override
    public NetworkView createNetwork(NetworkRequest request) {
        Network n = store.write(m -> networks.create(m, request));
        return view(store.snapshot(), n);
    }

    @Override
    public List<NetworkView> listNetworks() {
        NetworkModel m = store.snapshot();
        return m.networks().values().stream()
                .sorted(Comparator.comparing(Network::createdAt).thenComparing(Network::id))
                .map(n -> view(m, n))
                .toList();
    }

    @Override
    public NetworkView getNetwork(String id) {
        NetworkModel m = store.snapshot();
        return view(m, m.network(id).orElseThrow(() -> ServiceErrors.networkNotFound(id)));
    }

    @Override
    public NetworkView updateNetwork(String id, NetworkRequest changes) {
        Network n = store.write(m -> networks.update(m, id, changes));
        return view(store.snapshot(), n);
    }

    @Override
    public void deleteNetwork(String id) {
        store.write(m -> networks.delete(m, id));
    }

    @Override
    public Subnet createSubnet(SubnetRequest request) {
        return store.write(m -> subnets.create(m, request));
    }

    @Override
    public List<Subnet> listSubnets() {
        return store.snapshot().subnets().values().stream()
                .sorted(Comparator.comparing(Subnet::createdAt).thenComparing(Subnet::id))
                .toList();
    }

    @Override
    public Subnet getSubnet(String id) {
        return store.snapshot().subnet(id).orElseThrow(() -> ServiceErrors.subnetNotFound(id));
    }

    @Override
    public Subnet updateSubnet(String id, SubnetRequest changes) {
        return store.write(m -> subnets.update(m, id, changes));
    }

    @Override
    public void deleteSubnet(String id) {
        store.write(m -> subnets.delete(m, id));
    }

    @Override
    public Port createPort(PortRequest request) {
        return store.write(m -> ports.create(m, request));
    }

    @Override
    public List<Port> listPorts() {
        return store.snapshot().ports().values().stream()
                .sorted(Comparator.comparing(Port::createdAt).thenComparing(Port::id))
                .toList();
    }

    @Override
    public Port getPort(String id) {
        return store.snapshot().port(id).orElseThrow(() -> ServiceErrors.portNotFound(id));
    }

    @Override
    public Port updatePort(String id, PortRequest changes) {
        return store.write(m -> ports.update(m, id, changes));
    }

    @Override
    public void deletePort(String id) {
        store.write(m -> ports.delete(m, id));
    }

    /** The network with its subnets' ids, oldest subnet first. */
    private static NetworkView view(NetworkModel m, Network n) {
        return new NetworkView(n, Ipam.subnetsInOrder(m, n.id()).stream().map(Subnet::id).toList());
    }
}
