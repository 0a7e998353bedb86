package dev.muon.controller.service;

import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.NeutronException;
import dev.muon.northbound.PortRequest;
import dev.muon.northbound.RequestContext;
import dev.muon.pipeline.model.AllowedAddressPair;
import dev.muon.pipeline.model.DeviceOwner;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.FloatingIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.SecurityGroup;
import dev.muon.pipeline.model.Trunk;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Port create, update and delete as functions from one snapshot to the next, and the binding
 * the controller learns from OVSDB. A port is DOWN until its VIF is plugged on some node.
 * Ports of VMs get their project's default security group unless they name groups or have port
 * security off; ports the network itself owns (routers, floating IPs) get none and cannot be
 * deleted through the port API while their owner exists, nor can trunk parents and subports.
 */
final class PortOperations implements ResourceOperations<Port, PortRequest> {
    /** Neutron's max_allowed_address_pair default. */
    static final int MAX_ALLOWED_ADDRESS_PAIRS = 10;

    static final String ACTIVE = "ACTIVE";
    static final String DOWN = "DOWN";
    /** Neutron's status for ports no VIF ever binds (floating IP ports). */
    static final String NOT_APPLICABLE = "N/A";

    private final ServiceConfig config;
    private final MacAllocator macs;
    private final SecurityGroupOperations securityGroups;
    private final Clock clock;
    private final AddressBook addresses = new AddressBook();

    PortOperations(ServiceConfig config, MacAllocator macs, SecurityGroupOperations securityGroups, Clock clock) {
        this.config = config;
        this.macs = macs;
        this.securityGroups = securityGroups;
        this.clock = clock;
    }

    @Override
    public Result<Port> create(NetworkModel model, RequestContext ctx, PortRequest r) {
        return create(model, ctx, r, DOWN);
    }

    /** A port with the given initial status (service ports: {@link #NOT_APPLICABLE}). */
    Result<Port> create(NetworkModel model, RequestContext ctx, PortRequest r, String status) {
        Result<Port> made = make(model, ctx, r, status, new PortAllocations(model, addresses));
        return Result.of(made.next().withPort(made.value()), made.value());
    }

    /**
     * Neutron's bulk create, in one transaction, linear in the ports: the creates share the MACs
     * and addresses taken so far ({@link PortAllocations}) instead of each rebuilding them from a
     * model holding the ports before it, and the ports join the model together at the end.
     */
    @Override
    public Result<List<Port>> createAll(NetworkModel model, RequestContext ctx, List<PortRequest> requests) {
        PortAllocations taken = new PortAllocations(model, addresses);
        NetworkModel next = model;
        List<Port> created = new ArrayList<>(requests.size());
        for (PortRequest r : requests) {
            Result<Port> made = make(next, ctx, r, DOWN, taken);
            taken.add(made.value());
            created.add(made.value());
            next = made.next();
        }
        return Result.of(withPorts(next, created), List.copyOf(created));
    }

    /**
     * A new port, checked and given its MAC and addresses, and the model it goes into (the same
     * but for a project's default security group made on the way); the port is not in it yet.
     */
    private Result<Port> make(NetworkModel model, RequestContext ctx, PortRequest r, String status,
                              PortAllocations taken) {
        if (r.networkId() == null) {
            throw ServiceErrors.required("network_id");
        }
        Network network = Policies.NETWORKS.find(model, ctx, r.networkId());
        String projectId = Policies.owner(ctx, r.projectId(), "port", config);
        Policies.checkNetworkUsable(ctx, model, network, projectId);
        checkNetworkOwnerAttributes(ctx, network, r, "create_port");
        checkVnicType(r.vnicType());
        String mac = r.macAddress() == null || r.macAddress().equals(PortRequest.NEW_MAC)
                ? macs.allocate(taken::macTaken, network.id())
                : uniqueMac(taken, network.id(), MacAllocator.canonical(r.macAddress(), "mac_address"));
        String deviceOwner = NetworkOperations.orEmpty(r.deviceOwner());
        Ipam ipam = Ipam.forCreate(model, network.id(), taken).forPort(deviceOwner, mac);
        List<FixedIp> fixedIps = r.fixedIps() == null ? ipam.automatic() : ipam.requested(r.fixedIps(), List.of());
        boolean trusted = deviceOwner.startsWith(DeviceOwner.NETWORK_PREFIX);
        // ML2's port-security extension driver: the network's value unless the port names one;
        // ports the network itself owns (routers, DHCP, floating IPs) are trusted and never filtered.
        boolean portSecurity = trusted ? false
                : r.portSecurityEnabled() == null ? network.portSecurityEnabled() : r.portSecurityEnabled();
        List<AllowedAddressPair> pairs = r.allowedAddressPairs() == null ? List.of()
                : addressPairs(r.allowedAddressPairs());
        // then ML2's _portsec_ext_port_create_processing, in its order: address pairs, groups
        if (!portSecurity && !pairs.isEmpty()) {
            throw ServiceErrors.addressPairsNeedPortSecurity();
        }
        NetworkModel next = model;
        List<String> groups;
        if (r.securityGroups() != null) {
            if (!portSecurity && !r.securityGroups().isEmpty()) {
                throw ServiceErrors.portSecurityNeededForGroups();
            }
            groups = trusted ? List.of() : groups(model, ctx, r.securityGroups(), projectId);
        } else if (portSecurity) {
            next = securityGroups.ensureDefault(next, projectId);
            groups = List.of(SecurityGroupOperations.defaultGroup(next, projectId).orElseThrow().id());
        } else {
            groups = List.of();
        }
        checkStatefulness(next, groups);
        Instant now = clock.instant();
        Port port = new Port(
                UUID.randomUUID().toString(),
                NetworkOperations.orEmpty(r.name()),
                NetworkOperations.orEmpty(r.description()),
                projectId,
                network.id(),
                mac,
                fixedIps,
                r.adminStateUp() == null || r.adminStateUp(),
                status,
                NetworkOperations.orEmpty(r.deviceId()),
                deviceOwner,
                NetworkOperations.orEmpty(r.bindingHostId()),
                portSecurity,
                pairs,
                now,
                now,
                1,
                groups,
                r.bindingProfile(),
                r.tags(),
                !NetworkOperations.orEmpty(r.bindingHostId()).isEmpty(),   // Nova's binding: held for that host
                ExtraDhcpOpts.forCreate(r.extraDhcpOpts()),
                r.dnsName(),
                r.dnsDomain());
        return Result.of(next, port);
    }

    /** {@code model} with {@code ports} added: one copy of the model, not one per port. */
    private static NetworkModel withPorts(NetworkModel model, List<Port> ports) {
        if (ports.size() <= 1) {
            return ports.isEmpty() ? model : model.withPort(ports.get(0));
        }
        Map<ResourceKind<?>, Collection<?>> all = new LinkedHashMap<>();
        for (ResourceKind<?> kind : ResourceKind.ALL) {
            all.put(kind, model.all(kind).values());
        }
        Map<String, Port> merged = new HashMap<>(model.ports());
        ports.forEach(p -> merged.put(p.id(), p));
        all.put(ResourceKind.PORT, merged.values());
        return NetworkModel.fromCollections(all);
    }

    @Override
    public Result<Port> update(NetworkModel model, RequestContext ctx, Port p, PortRequest r) {
        Network network = model.network(p.networkId()).orElseThrow();
        checkNetworkOwnerAttributes(ctx, network, r, "update_port");
        checkVnicType(r.vnicType());
        String mac = p.macAddress();
        if (r.macAddress() != null) {
            // port-mac-address-regenerate: null asks for a new one, then the rules of any MAC change apply
            String requested = r.macAddress().equals(PortRequest.NEW_MAC)
                    ? macs.allocate(model, p.networkId())
                    : MacAllocator.canonical(r.macAddress(), "mac_address");
            if (!requested.equals(mac)) {
                if (p.isBound()) {
                    throw ServiceErrors.portBound(p.id(), mac, requested);
                }
                mac = uniqueMac(model, p.networkId(), requested, p.id());
            }
        }
        String deviceOwner = r.deviceOwner() == null ? p.deviceOwner() : r.deviceOwner();
        List<FixedIp> fixedIps = r.fixedIps() == null ? Ipam.withNewMac(model, p, mac)
                : new Ipam(model, p.networkId(), p.id()).forPort(deviceOwner, mac)
                        .requested(r.fixedIps(), p.fixedIps());
        if (r.fixedIps() != null) {
            keepFloatingIpAddress(model, p, fixedIps);
        }
        boolean portSecurity = r.portSecurityEnabled() == null ? p.portSecurityEnabled() : r.portSecurityEnabled();
        List<AllowedAddressPair> pairs = r.allowedAddressPairs() == null ? p.allowedAddressPairs()
                : addressPairs(r.allowedAddressPairs());
        if (!portSecurity && !pairs.isEmpty()) {
            throw ServiceErrors.addressPairsNeedPortSecurity();
        }
        // ML2's _portsec_ext_port_update_processing: with port security off, groups named are refused,
        // and groups the port has must go in the same request
        if (!portSecurity) {
            if (r.securityGroups() != null && !r.securityGroups().isEmpty()) {
                throw ServiceErrors.portSecurityNeededForGroups();
            }
            if (r.securityGroups() == null && !p.securityGroups().isEmpty()) {
                throw ServiceErrors.portHasSecurityGroups();
            }
        }
        List<String> groups = p.securityGroups();
        if (r.securityGroups() != null && !sameElements(r.securityGroups(), p.securityGroups())) {
            groups = groups(model, ctx, r.securityGroups(), p.projectId());
            checkStatefulness(model, groups);
        }
        Port updated = new Port(
                p.id(),
                r.name() == null ? p.name() : r.name(),
                r.description() == null ? p.description() : r.description(),
                p.projectId(),
                p.networkId(),
                mac,
                fixedIps,
                r.adminStateUp() == null ? p.adminStateUp() : r.adminStateUp(),
                p.status(),
                r.deviceId() == null ? p.deviceId() : r.deviceId(),
                deviceOwner,
                r.bindingHostId() == null ? p.bindingHostId() : r.bindingHostId(),
                portSecurity,
                pairs,
                p.createdAt(),
                p.updatedAt(),
                p.revisionNumber(),
                groups,
                r.bindingProfile() == null ? p.bindingProfile() : r.bindingProfile(),
                p.tags(),
                r.bindingHostId() == null ? p.hostRequested() : !r.bindingHostId().isEmpty(),
                ExtraDhcpOpts.merged(p.extraDhcpOpts(), r.extraDhcpOpts()),
                r.dnsName() == null ? p.dnsName() : r.dnsName(),
                r.dnsDomain() == null ? p.dnsDomain() : r.dnsDomain());
        if (updated.equals(p)) {
            return Result.unchanged(model, p);
        }
        updated = updated.revised(clock.instant());
        return Result.of(model.withPort(updated), updated);
    }

    /** Deleting through the port API: refused for service-owned and trunk ports. */
    @Override
    public Result<Void> delete(NetworkModel model, RequestContext ctx, Port p) {
        refuseServicePort(model, p);
        for (Trunk t : model.all(ResourceKind.TRUNK).values()) {
            if (t.portId().equals(p.id())) {
                throw NeutronException.conflict("PortInUseAsTrunkParent", "Port " + p.id()
                        + " is currently a parent port for trunk " + t.id() + ".");
            }
            if (t.subPorts().stream().anyMatch(s -> s.portId().equals(p.id()))) {
                throw NeutronException.conflict("PortInUseAsSubPort", "Port " + p.id()
                        + " is currently a subport for trunk " + t.id() + ".");
            }
        }
        return Result.of(remove(model, p.id()), null);
    }

    /** Removes a port, disassociating the floating IPs that mapped to it (as Neutron does on port delete). */
    NetworkModel remove(NetworkModel model, String portId) {
        NetworkModel next = model.withoutPort(portId);
        for (FloatingIp f : model.all(ResourceKind.FLOATING_IP).values()) {
            if (portId.equals(f.portId())) {
                next = next.with(ResourceKind.FLOATING_IP,
                        f.withAssociation(null, null, null, DOWN).revised(clock.instant()));
            }
        }
        return next;
    }

    /** What OVSDB tells: the port's VIF is plugged on {@code hostId} (active) or gone. */
    Result<Void> bind(NetworkModel model, String id, String hostId, boolean active) {
        Port p = model.ports().get(id);
        if (p == null) {
            return Result.unchanged(model, null);
        }
        String host = hostId == null ? "" : hostId;
        String status = active ? ACTIVE : DOWN;
        if (p.bindingHostId().equals(host) && p.status().equals(status)) {
            return Result.unchanged(model, null);
        }
        return Result.of(model.withPort(p.withBinding(host, status).revised(clock.instant())), null);
    }

    /** Router and floating IP ports are deleted by their owners, not through the port API. */
    private static void refuseServicePort(NetworkModel model, Port p) {
        String owner = p.deviceOwner();
        boolean routerPort = DeviceOwner.ROUTER_INTERFACE_OWNERS.contains(owner)
                || owner.equals(DeviceOwner.ROUTER_GATEWAY);
        boolean ownerExists = routerPort ? model.get(ResourceKind.ROUTER, p.deviceId()).isPresent()
                : owner.equals(DeviceOwner.FLOATING_IP) && model.get(ResourceKind.FLOATING_IP, p.deviceId()).isPresent();
        if (ownerExists) {
            throw ServiceErrors.servicePortInUse(p.id(), owner);
        }
    }

    /**
     * Neutron's default policy: only admins and the network's owner choose MAC and IP addresses,
     * give a port a network:* device owner or address pairs, or set its port security (on or
     * off: a project on someone's shared network may not open its filter).
     */
    private static void checkNetworkOwnerAttributes(RequestContext ctx, Network network, PortRequest r,
                                                    String action) {
        if (ctx.owns(network.projectId())) {
            return;
        }
        Set<String> refused = new TreeSet<>();
        if (r.macAddress() != null) {
            refused.add("mac_address");
        }
        if (r.fixedIps() != null && r.fixedIps().stream().anyMatch(f -> f.ipAddress() != null)) {
            refused.add("fixed_ips:ip_address");
        }
        if (r.deviceOwner() != null && r.deviceOwner().startsWith(DeviceOwner.NETWORK_PREFIX)) {
            refused.add("device_owner");
        }
        if (r.allowedAddressPairs() != null) {
            refused.add("allowed_address_pairs");
        }
        if (r.portSecurityEnabled() != null) {
            refused.add("port_security_enabled");
        }
        if (!refused.isEmpty()) {
            throw NeutronException.policy(action, refused);
        }
    }

    /** The groups named, each existing and the port's project's own or shared with it (admins may use any). */
    private static List<String> groups(NetworkModel model, RequestContext ctx, List<String> requested,
                                       String projectId) {
        Set<String> ids = new LinkedHashSet<>(requested);
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            SecurityGroup g = model.get(ResourceKind.SECURITY_GROUP, id).orElse(null);
            if (g == null || !Policies.groupUsable(ctx, model, g, projectId)) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            throw ServiceErrors.securityGroupNotFound(String.join(", ", missing));
        }
        return List.copyOf(ids);
    }

    /** Neutron's _validate_sgs_for_port: a port's groups are all stateful or all stateless. */
    private static void checkStatefulness(NetworkModel model, List<String> groups) {
        Set<Boolean> kinds = new HashSet<>();
        for (String id : groups) {
            model.get(ResourceKind.SECURITY_GROUP, id).ifPresent(g -> kinds.add(g.stateful()));
        }
        if (kinds.size() > 1) {
            throw ServiceErrors.securityGroupConflict("Cannot apply both stateful and stateless security groups "
                    + "on the same port at the same time");
        }
    }

    private static boolean sameElements(List<String> a, List<String> b) {
        return new HashSet<>(a).equals(new HashSet<>(b));
    }

    /** A fixed IP a floating IP maps to must stay on the port. */
    private static void keepFloatingIpAddress(NetworkModel model, Port p, List<FixedIp> fixedIps) {
        for (FloatingIp f : model.all(ResourceKind.FLOATING_IP).values()) {
            if (p.id().equals(f.portId())
                    && fixedIps.stream().noneMatch(ip -> ip.ipAddress().equals(f.fixedIpAddress()))) {
                throw NeutronException.badResourceRequest("port", "Cannot update the fixed_ips of the port "
                        + p.id() + ", because its original fixed_ip has been associated to a floating ip");
            }
        }
    }

    private static String uniqueMac(PortAllocations taken, String networkId, String mac) {
        if (taken.macTakenOn(networkId, mac)) {
            throw ServiceErrors.macAddressInUse(networkId, mac);
        }
        return mac;
    }

    private static String uniqueMac(NetworkModel model, String networkId, String mac, String exceptPortId) {
        boolean inUse = model.portsWithMac(mac).stream()
                .anyMatch(o -> !o.id().equals(exceptPortId) && o.networkId().equals(networkId));
        if (inUse) {
            throw ServiceErrors.macAddressInUse(networkId, mac);
        }
        return mac;
    }

    private static void checkVnicType(String vnicType) {
        if (vnicType != null && !vnicType.equals("normal")) {
            throw ServiceErrors.invalidInput("binding:vnic_type '" + vnicType + "' is not supported; "
                    + "only 'normal' ports are bound by Open vSwitch");
        }
    }

    private static List<AllowedAddressPair> addressPairs(List<AllowedAddressPair> requested) {
        // Neutron's max_allowed_address_pair: each pair is flows on every node the port's network reaches.
        if (requested.size() > MAX_ALLOWED_ADDRESS_PAIRS) {
            throw ServiceErrors.allowedAddressPairExhausted(MAX_ALLOWED_ADDRESS_PAIRS);
        }
        Set<AllowedAddressPair> seen = new HashSet<>();
        List<AllowedAddressPair> out = new ArrayList<>();
        for (AllowedAddressPair pair : requested) {
            String ip = pair.ipAddress();
            String canonicalIp = ip.contains("/")
                    ? Cidr.parse(ip, "allowed_address_pairs").toString()
                    : IpAddresses.format(IpAddresses.parse(ip, "allowed_address_pairs"));
            String mac = pair.macAddress() == null ? null : MacAllocator.canonical(pair.macAddress(), "allowed_address_pairs");
            AllowedAddressPair canonical = new AllowedAddressPair(canonicalIp, mac);
            if (!seen.add(canonical)) {
                throw ServiceErrors.invalidAttribute("allowed_address_pairs", "Request contains duplicate address pair");
            }
            out.add(canonical);
        }
        return out;
    }
}
