package dev.muon.controller.service;

import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.FloatingIpRequest;
import dev.muon.northbound.NeutronException;
import dev.muon.northbound.RequestContext;
import dev.muon.pipeline.model.DeviceOwner;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.FloatingIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.Router;
import dev.muon.pipeline.model.Subnet;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Floating IPs as Neutron's L3 plugin keeps them: an IPv4 address on an external network, held
 * by a port of its own (device_owner network:floatingip, no project), mapped to a fixed IPv4
 * address of a port through the router that connects that address's subnet to the external
 * network (preferring the router holding the subnet's gateway address). Status is DOWN: a status
 * is a promise, and no flow carries a floating IP's traffic yet (the NAT dataplane will set ACTIVE
 * once its flows are on the nodes).
 */
final class FloatingIpOperations implements ResourceOperations<FloatingIp, FloatingIpRequest> {
    static final String DOWN = "DOWN";

    private final ServiceConfig config;
    private final PortOperations ports;
    private final Clock clock;

    FloatingIpOperations(ServiceConfig config, PortOperations ports, Clock clock) {
        this.config = config;
        this.ports = ports;
        this.clock = clock;
    }

    @Override
    public Result<FloatingIp> create(NetworkModel model, RequestContext ctx, FloatingIpRequest r) {
        if (r.floatingNetworkId() == null) {
            throw ServiceErrors.required("floating_network_id");
        }
        Network network = Policies.NETWORKS.find(model, ctx, r.floatingNetworkId());
        if (!network.external()) {
            throw ServiceErrors.badFloatingIp("Network " + network.id() + " is not a valid external network");
        }
        List<Subnet> v4 = SubnetServiceTypes.serving(Ipam.subnetsInOrder(model, network.id()), DeviceOwner.FLOATING_IP)
                .stream().filter(s -> s.ipVersion() == 4).toList();
        if (v4.isEmpty()) {
            throw ServiceErrors.badFloatingIp("Network " + network.id() + " does not contain any IPv4 subnet");
        }
        String id = UUID.randomUUID().toString();
        List<FixedIp> wanted;
        if (r.subnetId() != null || r.floatingIpAddress() != null) {
            wanted = List.of(new FixedIp(r.subnetId(), r.floatingIpAddress()));
        } else {
            String address = null;
            Subnet from = null;
            Ipam ipam = new Ipam(model, network.id(), null);
            for (Subnet s : v4) {
                Optional<String> a = ipam.next(s);
                if (a.isPresent()) {
                    address = a.get();
                    from = s;
                    break;
                }
            }
            if (address == null) {
                throw new NeutronException(400, "ExternalIpAddressExhausted",
                        "Unable to find any IP address on external network " + network.id() + ".");
            }
            wanted = List.of(new FixedIp(from.id(), address));
        }
        Result<Port> port = ports.create(model, ctx.elevated(), RouterOperations.servicePort("", network.id(), wanted,
                id, DeviceOwner.FLOATING_IP), PortOperations.NOT_APPLICABLE);
        FixedIp address = port.value().fixedIps().get(0);
        if (IpAddresses.version(IpAddresses.parse(address.ipAddress())) != 4) {
            throw ServiceErrors.badFloatingIp("Network " + network.id() + " does not contain any IPv4 subnet");
        }
        Instant now = clock.instant();
        FloatingIp fip = new FloatingIp(id, NetworkOperations.orEmpty(r.description()),
                Policies.owner(ctx, r.projectId(), "floatingip", config), network.id(), address.ipAddress(),
                port.value().id(), null, null, null, DOWN, r.tags(), now, now, 1);
        if (r.fixedIpAddress() != null && (r.portId() == null || r.portId().isEmpty())) {
            throw ServiceErrors.badFloatingIp("fixed_ip_address cannot be specified without a port_id");
        }
        NetworkModel next = port.next();
        if (r.portId() != null && r.portId().isPresent()) {
            fip = associate(next, ctx, fip, r.portId().get(), r.fixedIpAddress());
        }
        return Result.of(next.with(ResourceKind.FLOATING_IP, fip), fip);
    }

    @Override
    public Result<FloatingIp> update(NetworkModel model, RequestContext ctx, FloatingIp f, FloatingIpRequest r) {
        if (r.fixedIpAddress() != null && (r.portId() == null || r.portId().isEmpty())) {
            throw ServiceErrors.badFloatingIp("fixed_ip_address cannot be specified without a port_id");
        }
        FloatingIp updated = f;
        if (r.portId() != null) {
            updated = r.portId().isEmpty() ? f.withAssociation(null, null, null, DOWN)
                    : associate(model, ctx, f, r.portId().get(), r.fixedIpAddress());
        }
        if (r.description() != null) {
            updated = new FloatingIp(updated.id(), r.description(), updated.projectId(), updated.floatingNetworkId(),
                    updated.floatingIpAddress(), updated.floatingPortId(), updated.portId(), updated.fixedIpAddress(),
                    updated.routerId(), updated.status(), updated.tags(), updated.createdAt(), updated.updatedAt(),
                    updated.revisionNumber());
        }
        if (updated.equals(f)) {
            return Result.unchanged(model, f);
        }
        updated = updated.revised(clock.instant());
        return Result.of(model.with(ResourceKind.FLOATING_IP, updated), updated);
    }

    @Override
    public Result<Void> delete(NetworkModel model, RequestContext ctx, FloatingIp f) {
        return Result.of(model.without(ResourceKind.FLOATING_IP, f.id()).withoutPort(f.floatingPortId()), null);
    }

    /** The floating IP mapped to the port's fixed IPv4 address, through the router that reaches it. */
    private static FloatingIp associate(NetworkModel model, RequestContext ctx, FloatingIp f, String portId,
                                        String fixedIpAddress) {
        Port port = Policies.PORTS.find(model, ctx, portId);
        if (!ctx.isAdmin() && !port.projectId().equals(f.projectId())) {
            throw ServiceErrors.badFloatingIp("Cannot process floating IP association with Port " + port.id()
                    + ", since that port is owned by a different project");
        }
        if (port.deviceOwner().startsWith(DeviceOwner.NETWORK_PREFIX)) {
            throw ServiceErrors.badFloatingIp("Port " + port.id() + " is unable to be assigned a floating IP");
        }
        FixedIp internal;
        if (fixedIpAddress != null) {
            if (!IpAddresses.isAddress(fixedIpAddress) || IpAddresses.version(IpAddresses.parse(fixedIpAddress)) != 4) {
                throw ServiceErrors.badFloatingIp("Cannot process floating IP association with " + fixedIpAddress
                        + ", since that is not an IPv4 address");
            }
            String canonical = IpAddresses.canonical(fixedIpAddress);
            internal = port.fixedIps().stream().filter(ip -> ip.ipAddress().equals(canonical)).findFirst()
                    .orElseThrow(() -> ServiceErrors.badFloatingIp("Port " + port.id() + " does not have fixed ip "
                            + fixedIpAddress));
        } else {
            List<FixedIp> v4 = port.fixedIps().stream()
                    .filter(ip -> IpAddresses.version(IpAddresses.parse(ip.ipAddress())) == 4).toList();
            if (v4.isEmpty()) {
                throw ServiceErrors.badFloatingIp("Cannot add floating IP to port " + port.id()
                        + " that has no fixed IPv4 addresses");
            }
            if (v4.size() > 1) {
                throw ServiceErrors.badFloatingIp("Port " + port.id() + " has multiple fixed IPv4 addresses.  Must "
                        + "provide a specific IPv4 address when assigning a floating IP");
            }
            internal = v4.get(0);
        }
        if (port.id().equals(f.portId()) && internal.ipAddress().equals(f.fixedIpAddress())) {
            return f;
        }
        String routerId = router(model, port, internal.subnetId(), f.floatingNetworkId());
        for (FloatingIp other : model.all(ResourceKind.FLOATING_IP).values()) {
            if (!other.id().equals(f.id()) && port.id().equals(other.portId())
                    && internal.ipAddress().equals(other.fixedIpAddress())
                    && other.floatingNetworkId().equals(f.floatingNetworkId())) {
                throw NeutronException.conflict("FloatingIPPortAlreadyAssociated", "Cannot associate floating IP "
                        + f.floatingIpAddress() + " (" + f.id() + ") with port " + port.id() + " using fixed IP "
                        + internal.ipAddress() + ", as that fixed IP already has a floating IP on external network "
                        + f.floatingNetworkId() + ".");
            }
        }
        return f.withAssociation(port.id(), internal.ipAddress(), routerId, DOWN);
    }

    /**
     * The router with an interface on the subnet and a gateway on the external network: the one
     * holding the subnet's gateway address, else the first (Neutron's get_router_for_floatingip).
     */
    static String router(NetworkModel model, Port port, String subnetId, String externalNetworkId) {
        Subnet subnet = model.subnet(subnetId).orElseThrow();
        String first = null;
        for (Router r : model.all(ResourceKind.ROUTER).values().stream()
                .sorted(java.util.Comparator.comparing(Router::createdAt).thenComparing(Router::id)).toList()) {
            if (r.gateway() == null || !r.gateway().networkId().equals(externalNetworkId)) {
                continue;
            }
            for (Port p : RouterOperations.interfaces(model, r.id())) {
                for (FixedIp ip : p.fixedIps()) {
                    if (ip.subnetId().equals(subnetId) && p.networkId().equals(port.networkId())) {
                        if (ip.ipAddress().equals(subnet.gatewayIp())) {
                            return r.id();
                        }
                        first = first == null ? r.id() : first;
                    }
                }
            }
        }
        if (first == null) {
            throw NeutronException.notFound("ExternalGatewayForFloatingIPNotFound", "External network "
                    + externalNetworkId + " is not reachable from subnet " + subnetId + ".  Therefore, cannot "
                    + "associate Port " + port.id() + " with a Floating IP.");
        }
        return first;
    }
}
