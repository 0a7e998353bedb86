package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.AddressGroupService;
import dev.muon.northbound.AddressScopeRequest;
import dev.muon.northbound.AutoAllocationService;
import dev.muon.northbound.FloatingIpPool;
import dev.muon.northbound.FloatingIpRequest;
import dev.muon.northbound.FloatingIpView;
import dev.muon.northbound.NetworkIpAvailabilityService;
import dev.muon.northbound.NetworkRequest;
import dev.muon.northbound.NetworkService;
import dev.muon.northbound.NetworkView;
import dev.muon.northbound.PortRequest;
import dev.muon.northbound.PortView;
import dev.muon.northbound.QuotaService;
import dev.muon.northbound.RbacPolicyRequest;
import dev.muon.northbound.RequestContext;
import dev.muon.northbound.ResourceService;
import dev.muon.northbound.RouterService;
import dev.muon.northbound.SecurityGroupRequest;
import dev.muon.northbound.SecurityGroupRuleRequest;
import dev.muon.northbound.SecurityGroupView;
import dev.muon.northbound.SubnetPoolPrefixService;
import dev.muon.northbound.SubnetPoolRequest;
import dev.muon.northbound.SubnetRequest;
import dev.muon.northbound.SubnetView;
import dev.muon.northbound.TagService;
import dev.muon.northbound.TrunkService;
import dev.muon.pipeline.model.AddressScope;
import dev.muon.pipeline.model.FloatingIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.RbacPolicy;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.SecurityGroupRule;
import dev.muon.pipeline.model.Subnet;
import dev.muon.pipeline.model.SubnetPool;
import dev.muon.pipeline.model.Trunk;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Neutron's core and service plugins for Muon: networks, subnets, subnet pools, ports, routers,
 * floating IPs, security groups, address groups, trunks, tags and auto-allocation, with Neutron's defaults,
 * validation, policy, IPAM, MAC and segment allocation. Every write is one {@link ModelStore}
 * transaction, so a refused request leaves nothing behind and an accepted one is durable
 * before the client hears of it.
 *
 * <p>Configuration: see {@link ServiceConfig} (VXLAN VNI range for tenant networks, the
 * default project, VLAN ranges per physical network).
 */
public final class NeutronNetworkService implements NetworkService {
    private final ModelStore store;
    private final ServiceConfig config;
    private final PortOperations portOperations;
    private final ResourceService<NetworkView, NetworkRequest> networks;
    private final ResourceService<SubnetView, SubnetRequest> subnets;
    private final ResourceService<SubnetPool, SubnetPoolRequest> subnetPools;
    private final ResourceService<AddressScope, AddressScopeRequest> addressScopes;
    private final ResourceService<RbacPolicy, RbacPolicyRequest> rbacPolicies;
    private final SubnetPoolPrefixService subnetPoolPrefixes;
    private final ResourceService<PortView, PortRequest> ports;
    private final RouterService routers;
    private final ResourceService<FloatingIpView, FloatingIpRequest> floatingIps;
    private final ResourceService<SecurityGroupView, SecurityGroupRequest> securityGroups;
    private final ResourceService<SecurityGroupRule, SecurityGroupRuleRequest> securityGroupRules;
    private final TrunkService trunks;
    private final AddressGroupService addressGroups;
    private final TagService tags;
    private final AutoAllocationService autoAllocation;
    private final QuotaService quotas;
    private final NetworkIpAvailabilityService networkIpAvailability;
    private final Clock clock;
    private final TrunkStatusUpdates trunkStatuses;
    private final RouterStatusUpdates routerStatuses;
    private final FloatingIpStatusUpdates floatingIpStatuses;
    private final AvailabilityZones zones = new AvailabilityZones();

    /** Without quotas (tools, tests about something else). */
    public NeutronNetworkService(ModelStore store, ServiceConfig config) {
        this(store, config, QuotaDefaults.unlimited());
    }

    public NeutronNetworkService(ModelStore store, ServiceConfig config, QuotaDefaults quotaDefaults) {
        this(store, config, Clock.systemUTC(), new SecureRandom(), quotaDefaults);
    }

    /** With a given clock and MAC randomness, without quotas, for tests. */
    public NeutronNetworkService(ModelStore store, ServiceConfig config, Clock clock, RandomGenerator random) {
        this(store, config, clock, random, QuotaDefaults.unlimited());
    }

    /** With a given clock and MAC randomness, for tests. */
    public NeutronNetworkService(ModelStore store, ServiceConfig config, Clock clock, RandomGenerator random,
                                 QuotaDefaults quotaDefaults) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.trunkStatuses = new TrunkStatusUpdates();
        this.routerStatuses = new RouterStatusUpdates();
        this.floatingIpStatuses = new FloatingIpStatusUpdates();
        SecurityGroupOperations groupOperations = new SecurityGroupOperations(config, clock);
        NetworkOperations networkOperations = new NetworkOperations(config, groupOperations, clock, zones);
        SubnetOperations subnetOperations = new SubnetOperations(config, networkOperations, clock);
        this.portOperations = new PortOperations(config, new MacAllocator(random), groupOperations, clock);
        RouterOperations routerOperations = new RouterOperations(config, portOperations, clock, zones);
        QuotaLimits quotaLimits = new QuotaLimits(quotaDefaults);

        this.networks = new StoredResources<>(store, Policies.NETWORKS, networkOperations,
                (m, ctx, n) -> networkView(m, CallerShared.network(m, ctx, n))
                        .inZones(zones.servedIn(n.availabilityZoneHints())), null,
                quotaLimits.on(QuotaResource.NETWORK));
        this.subnets = new StoredResources<>(store, Policies.SUBNETS, subnetOperations,
                NeutronNetworkService::subnetView, null, quotaLimits.on(QuotaResource.SUBNET));
        SubnetPoolOperations poolOperations = new SubnetPoolOperations(config, clock);
        this.subnetPools = new StoredResources<>(store, Policies.SUBNET_POOLS, poolOperations,
                CallerShared::subnetPool, null, quotaLimits.on(QuotaResource.SUBNETPOOL));
        this.subnetPoolPrefixes = new SubnetPoolPrefixes(store, poolOperations);
        this.addressScopes = new StoredResources<>(store, Policies.ADDRESS_SCOPES,
                new AddressScopeOperations(config, clock), CallerShared::addressScope, null, QuotaCheck.NONE);
        this.rbacPolicies = new StoredResources<>(store, Policies.RBAC_POLICIES,
                new RbacPolicyOperations(config, clock), (m, p) -> p, null, quotaLimits.on(QuotaResource.RBAC_POLICY));
        this.ports = new StoredResources<>(store, Policies.PORTS, portOperations,
                (m, p) -> portView(m, p, config.dnsDomain()), null, quotaLimits.on(QuotaResource.PORT));
        this.routers = new RouterResources(store, routerOperations, zones, quotaLimits.on(QuotaResource.ROUTER));
        this.floatingIps = new StoredResources<>(store, Policies.FLOATING_IPS,
                new FloatingIpOperations(config, portOperations, clock), NeutronNetworkService::floatingIpView,
                null, quotaLimits.on(QuotaResource.FLOATINGIP));
        // As Neutron, a new group's default rules count against the rule quota too.
        this.securityGroups = new StoredResources<>(store, Policies.SECURITY_GROUPS, groupOperations,
                (m, ctx, g) -> new SecurityGroupView(g, SecurityGroupOperations.rulesOf(m, g.id()),
                        CallerShared.securityGroup(m, ctx, g)),
                (m, ctx) -> groupOperations.ensureDefault(m, ctx.projectId()),
                quotaLimits.on(QuotaResource.SECURITY_GROUP, QuotaResource.SECURITY_GROUP_RULE));
        this.securityGroupRules = new StoredResources<>(store, Policies.SECURITY_GROUP_RULES,
                new SecurityGroupRuleOperations(config, clock), (m, r) -> r, null,
                quotaLimits.on(QuotaResource.SECURITY_GROUP_RULE));
        this.trunks = new TrunkResources(store, new TrunkOperations(config, clock));
        this.addressGroups = new AddressGroupResources(store, new AddressGroupOperations(config, clock));
        this.tags = new TagOperations(store, clock);
        this.autoAllocation = new AutoAllocation(store, config, networkOperations, subnetOperations,
                routerOperations);
        this.quotas = new QuotaOperations(store, quotaLimits);
        this.networkIpAvailability = new NetworkIpAvailabilities(store);
    }

    /** The zones networks and routers may name in their hints (the controller's nodes' zones). */
    public AvailabilityZones availabilityZones() {
        return zones;
    }

    /** The current model, for the reconciler. */
    @Override
    public void catchUp() {
        store.latest();
    }

    public NetworkModel snapshot() {
        return store.snapshot();
    }

    /**
     * Records what OVSDB shows about a port's VIF: plugged on {@code hostId} ({@code active}) or
     * unplugged ({@code hostId} ""). Sets binding:host_id and status ACTIVE/DOWN; does nothing when
     * that is already so or when the port does not exist (a VIF may name a deleted port).
     */
    public void setPortBinding(String portId, String hostId, boolean active) {
        store.write(m -> portOperations.bind(m, portId, hostId, active));
    }

    /**
     * Writes a reconciliation pass's bindings and statuses in one transaction: one commit (one
     * fsync, one snapshot published, so one further pass) however many ports the pass wired.
     * What no longer exists or already reads so is left alone, as the single setters do.
     */
    public void write(StatusBatch batch) {
        store.write(m -> {
            NetworkModel next = m;
            for (StatusBatch.Binding b : batch.bindings()) {
                next = portOperations.bind(next, b.portId(), b.hostId(), b.active()).next();
            }
            Instant now = clock.instant();
            for (StatusBatch.Status s : batch.trunks()) {
                next = trunkStatuses.apply(next, s.id(), s.status(), now).next();
            }
            for (StatusBatch.Status s : batch.routers()) {
                next = routerStatuses.apply(next, s.id(), s.status(), now).next();
            }
            for (StatusBatch.Status s : batch.floatingIps()) {
                next = floatingIpStatuses.apply(next, s.id(), s.status(), now).next();
            }
            for (StatusBatch.Binding b : batch.followUps().apply(next)) {
                next = portOperations.bind(next, b.portId(), b.hostId(), b.active()).next();
            }
            return Result.of(next, null);
        });
    }

    @Override
    public RequestContext noAuthContext() {
        return RequestContext.admin(config.defaultProjectId(), config.defaultProjectId());
    }

    @Override
    public ResourceService<NetworkView, NetworkRequest> networks() {
        return networks;
    }

    @Override
    public ResourceService<SubnetView, SubnetRequest> subnets() {
        return subnets;
    }

    @Override
    public ResourceService<SubnetPool, SubnetPoolRequest> subnetPools() {
        return subnetPools;
    }

    @Override
    public ResourceService<AddressScope, AddressScopeRequest> addressScopes() {
        return addressScopes;
    }

    @Override
    public ResourceService<RbacPolicy, RbacPolicyRequest> rbacPolicies() {
        return rbacPolicies;
    }

    @Override
    public ResourceService<PortView, PortRequest> ports() {
        return ports;
    }

    @Override
    public RouterService routers() {
        return routers;
    }

    @Override
    public ResourceService<FloatingIpView, FloatingIpRequest> floatingIps() {
        return floatingIps;
    }

    @Override
    public ResourceService<SecurityGroupView, SecurityGroupRequest> securityGroups() {
        return securityGroups;
    }

    @Override
    public ResourceService<SecurityGroupRule, SecurityGroupRuleRequest> securityGroupRules() {
        return securityGroupRules;
    }

    @Override
    public TrunkService trunks() {
        return trunks;
    }

    @Override
    public AddressGroupService addressGroups() {
        return addressGroups;
    }

    @Override
    public TagService tags() {
        return tags;
    }

    @Override
    public AutoAllocationService autoAllocation() {
        return autoAllocation;
    }

    @Override
    public QuotaService quotas() {
        return quotas;
    }

    @Override
    public NetworkIpAvailabilityService networkIpAvailability() {
        return networkIpAvailability;
    }

    @Override
    public SubnetPoolPrefixService subnetPoolPrefixes() {
        return subnetPoolPrefixes;
    }

    /**
     * Neutron's get_floatingip_pools: the IPv4 subnets of every external network, read with an
     * elevated context (a project may use a shared external network whose subnets it cannot list).
     */
    @Override
    public List<FloatingIpPool> floatingIpPools(RequestContext ctx) {
        NetworkModel m = store.snapshot();
        return m.networks().values().stream()
                .filter(Network::external)
                .sorted(Comparator.comparing(Network::createdAt).thenComparing(Network::id))
                .flatMap(n -> Ipam.subnetsInOrder(m, n.id()).stream())
                .filter(s -> s.ipVersion() == 4)
                .map(s -> new FloatingIpPool(s.id(), s.name(), s.networkId(), s.cidr(), ctx.projectId()))
                .toList();
    }

    // In-process calls as the no-auth admin (tests, tools): the same operations the API runs.

    public NetworkView createNetwork(NetworkRequest request) {
        return networks.create(noAuthContext(), request);
    }

    public NetworkView getNetwork(String id) {
        return networks.get(noAuthContext(), id);
    }

    public List<NetworkView> listNetworks() {
        return networks.list(noAuthContext());
    }

    public NetworkView updateNetwork(String id, NetworkRequest changes) {
        return networks.update(noAuthContext(), id, changes);
    }

    public void deleteNetwork(String id) {
        networks.delete(noAuthContext(), id);
    }

    public Subnet createSubnet(SubnetRequest request) {
        return subnets.create(noAuthContext(), request).subnet();
    }

    public Subnet updateSubnet(String id, SubnetRequest changes) {
        return subnets.update(noAuthContext(), id, changes).subnet();
    }

    public void deleteSubnet(String id) {
        subnets.delete(noAuthContext(), id);
    }

    public Port createPort(PortRequest request) {
        return ports.create(noAuthContext(), request).port();
    }

    public Port getPort(String id) {
        return ports.get(noAuthContext(), id).port();
    }

    public Port updatePort(String id, PortRequest changes) {
        return ports.update(noAuthContext(), id, changes).port();
    }

    public void deletePort(String id) {
        ports.delete(noAuthContext(), id);
    }

    /** A subnet with its network's sharing as the caller sees it, which Neutron lets lists filter on. */
    private static SubnetView subnetView(NetworkModel m, RequestContext ctx, Subnet s) {
        return new SubnetView(s, m.network(s.networkId())
                .map(n -> CallerShared.network(m, ctx, n).shared()).orElse(false));
    }

    /**
     * The network with its subnets' ids, oldest subnet first, and per IP version the address
     * scope of its subnets' pool (Neutron allows one pool per IP version on a network).
     */
    static NetworkView networkView(NetworkModel m, Network n) {
        List<Subnet> subnets = Ipam.subnetsInOrder(m, n.id());
        return new NetworkView(n, subnets.stream().map(Subnet::id).toList(), addressScope(m, subnets, 4),
                addressScope(m, subnets, 6));
    }

    private static String addressScope(NetworkModel m, List<Subnet> subnets, int version) {
        return subnets.stream()
                .filter(s -> s.subnetpoolId() != null)
                .map(s -> m.get(ResourceKind.SUBNET_POOL, s.subnetpoolId()).orElse(null))
                .filter(p -> p != null && p.ipVersion() == version && p.addressScopeId() != null)
                .map(SubnetPool::addressScopeId)
                .findFirst().orElse(null);
    }

    /** The floating IP with the port it is associated with (port_details), if any. */
    static FloatingIpView floatingIpView(NetworkModel m, FloatingIp f) {
        return new FloatingIpView(f, f.portId() == null ? null : m.port(f.portId()).orElse(null));
    }

    /**
     * The port with trunk_details when it is a trunk's parent, and the DNS domain it is named in:
     * its own dns_domain, else its network's, else the deployment's {@code dnsDomain}.
     */
    static PortView portView(NetworkModel m, Port p, String dnsDomain) {
        String domain = !p.dnsDomain().isEmpty() ? p.dnsDomain()
                : m.network(p.networkId()).map(Network::dnsDomain).filter(d -> !d.isEmpty()).orElse(dnsDomain);
        for (Trunk t : m.all(ResourceKind.TRUNK).values()) {
            if (t.portId().equals(p.id())) {
                List<PortView.SubPortDetail> details = t.subPorts().stream()
                        .map(s -> new PortView.SubPortDetail(s, m.port(s.portId()).map(Port::macAddress).orElse(null)))
                        .toList();
                return new PortView(p, new PortView.TrunkDetails(t.id(), details), domain);
            }
        }
        return new PortView(p, null, domain);
    }
}
