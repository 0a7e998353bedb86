package dev.muon.controller.service;

import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.GatewayRequest;
import dev.muon.northbound.NeutronException;
import dev.muon.northbound.PortRequest;
import dev.muon.northbound.RequestContext;
import dev.muon.northbound.RouterInterfaceInfo;
import dev.muon.northbound.RouterInterfaceRequest;
import dev.muon.northbound.RouterRequest;
import dev.muon.pipeline.model.AutoAllocatedTopology;
import dev.muon.pipeline.model.DeviceOwner;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.FloatingIp;
import dev.muon.pipeline.model.HostRoute;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.Router;
import dev.muon.pipeline.model.RouterGateway;
import dev.muon.pipeline.model.Subnet;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Routers as Neutron's L3 plugin keeps them: a gateway port (device_owner
 * network:router_gateway, no project) on an external network, interface ports (device_owner
 * network:router_interface, or ..._distributed for distributed routers) holding each attached
 * subnet's gateway address, and extra routes whose next hops lie on those subnets. The
 * forwarding itself is the pipeline's business; this is the model and its rules.
 */
final class RouterOperations implements ResourceOperations<Router, RouterRequest> {
    /** Neutron's default router_route quota. */
    static final int MAX_ROUTES = 30;

    private final ServiceConfig config;
    private final PortOperations ports;
    private final Clock clock;
    private final HaNetworks haNetworks;
    private final AvailabilityZones zones;

    RouterOperations(ServiceConfig config, PortOperations ports, Clock clock) {
        this(config, ports, clock, new AvailabilityZones());
    }

    RouterOperations(ServiceConfig config, PortOperations ports, Clock clock, AvailabilityZones zones) {
        this.zones = zones;
        this.config = config;
        this.ports = ports;
        this.clock = clock;
        this.haNetworks = new HaNetworks(new SegmentAllocator(config), clock);
    }

    @Override
    public Result<Router> create(NetworkModel model, RequestContext ctx, RouterRequest r) {
        zones.checkHints(r.availabilityZoneHints());
        Instant now = clock.instant();
        Router router = new Router(UUID.randomUUID().toString(), NetworkOperations.orEmpty(r.name()),
                NetworkOperations.orEmpty(r.description()),
                Policies.owner(ctx, r.projectId(), "router", config),
                // DOWN: no flow routes yet, and a status is a promise (routing sets ACTIVE once its flows are in)
                r.adminStateUp() == null || r.adminStateUp(), "DOWN", null,
                r.distributed() != null && r.distributed(), r.ha() != null && r.ha(), List.of(), r.tags(), now, now, 1,
                r.availabilityZoneHints());
        NetworkModel next = model.with(ResourceKind.ROUTER, router);
        if (router.ha()) {
            next = haNetworks.settle(next, router.projectId());
        }
        if (r.gateway() != null && r.gateway().isPresent()) {
            next = setGateway(next, ctx, router, r.gateway().get(), "create_router");
        }
        Router created = next.get(ResourceKind.ROUTER, router.id()).orElseThrow();
        return Result.of(next, created);
    }

    @Override
    public Result<Router> update(NetworkModel model, RequestContext ctx, Router router, RouterRequest r) {
        boolean adminUp = r.adminStateUp() == null ? router.adminStateUp() : r.adminStateUp();
        boolean distributed = r.distributed() == null ? router.distributed() : r.distributed();
        boolean ha = r.ha() == null ? router.ha() : r.ha();
        if (distributed != router.distributed() && adminUp) {
            throw ServiceErrors.badRouter("Cannot change the 'distributed' attribute of active routers. Please set "
                    + "router admin_state_up to False prior to upgrade");
        }
        if (ha != router.ha() && adminUp) {
            throw ServiceErrors.badRouter("Cannot change HA attribute of active routers. Please set router "
                    + "admin_state_up to False prior to upgrade");
        }
        NetworkModel next = model;
        if (r.gateway() != null) {
            next = updateGateway(next, ctx, router, r.gateway());
        }
        Router current = next.get(ResourceKind.ROUTER, router.id()).orElseThrow();
        List<HostRoute> routes = current.routes();
        if (r.routes() != null) {
            routes = checkedRoutes(next, router, r.routes());
        }
        if (distributed != router.distributed()) {
            String owner = distributed ? DeviceOwner.ROUTER_INTERFACE_DISTRIBUTED : DeviceOwner.ROUTER_INTERFACE;
            for (Port p : interfaces(next, router.id())) {
                next = next.withPort(p.withDevice(router.id(), owner).revised(clock.instant()));
            }
        }
        Router updated = new Router(router.id(), r.name() == null ? router.name() : r.name(),
                r.description() == null ? router.description() : r.description(), router.projectId(), adminUp,
                router.status(), current.gateway(), distributed, ha, routes, router.tags(), router.createdAt(),
                current.updatedAt(), current.revisionNumber(), router.availabilityZoneHints());
        if (updated.equals(router) && next == model) {
            return Result.unchanged(model, router);
        }
        updated = updated.revised(clock.instant());
        next = next.with(ResourceKind.ROUTER, updated);
        if (ha != router.ha()) {
            next = haNetworks.settle(next, router.projectId());
        }
        return Result.of(next, updated);
    }

    @Override
    public Result<Void> delete(NetworkModel model, RequestContext ctx, Router router) {
        List<Port> attached = interfaces(model, router.id());
        if (!attached.isEmpty()) {
            throw ServiceErrors.routerInUse(router.id(), "has ports still attached: "
                    + attached.stream().map(Port::id).collect(Collectors.joining(", ")));
        }
        NetworkModel next = clearGateway(model, router);
        next = next.without(ResourceKind.ROUTER, router.id());
        if (router.ha()) {
            next = haNetworks.settle(next, router.projectId());
        }
        for (AutoAllocatedTopology t : model.all(ResourceKind.AUTO_ALLOCATED_TOPOLOGY).values()) {
            if (t.routerId().equals(router.id())) {
                next = next.without(ResourceKind.AUTO_ALLOCATED_TOPOLOGY, t.projectId());
            }
        }
        return Result.of(next, null);
    }

    /** add_router_interface: a new port holding the subnet's gateway address, or an existing port adopted. */
    Result<RouterInterfaceInfo> addInterface(NetworkModel model, RequestContext ctx, Router router,
                                             RouterInterfaceRequest r) {
        if (r.subnetId() == null && r.portId() == null) {
            throw ServiceErrors.badRouter("Either subnet_id or port_id must be specified");
        }
        if (r.subnetId() != null && r.portId() != null) {
            throw ServiceErrors.badRouter("Cannot specify both subnet-id and port-id");
        }
        String owner = router.distributed() ? DeviceOwner.ROUTER_INTERFACE_DISTRIBUTED : DeviceOwner.ROUTER_INTERFACE;
        NetworkModel next;
        Port port;
        List<Subnet> subnets;
        if (r.portId() != null) {
            Port p = Policies.PORTS.find(model, ctx, r.portId());
            if (!p.deviceId().isEmpty()) {
                throw ServiceErrors.portInUse(p.networkId(), p.id(), p.deviceId());
            }
            if (p.fixedIps().isEmpty()) {
                throw ServiceErrors.badRouter("Router port must have at least one fixed IP");
            }
            subnets = p.fixedIps().stream().map(ip -> model.subnet(ip.subnetId()).orElseThrow()).distinct().toList();
            if (subnets.stream().filter(s -> s.ipVersion() == 4).count() > 1) {
                throw ServiceErrors.badRouter("Cannot have multiple IPv4 subnets on router port");
            }
            checkNewSubnets(model, router, subnets);
            port = p.withDevice(router.id(), owner).revised(clock.instant());
            next = model.withPort(port);
        } else {
            Subnet subnet = Policies.SUBNETS.find(model, ctx, r.subnetId());
            if (subnet.gatewayIp() == null) {
                throw ServiceErrors.badRouter("Subnet for router interface must have a gateway IP");
            }
            if (!ctx.owns(subnet.projectId()) && !Policies.ownsNetwork(ctx, model, subnet.networkId())) {
                throw ServiceErrors.badRouter("Cannot add interface to router because subnet " + subnet.id()
                        + " is not owned by project making the request");
            }
            checkNewSubnets(model, router, List.of(subnet));
            subnets = List.of(subnet);
            FixedIp gateway = new FixedIp(subnet.id(), subnet.gatewayIp());
            Optional<Port> v6 = subnet.ipVersion() == 6 ? interfaces(model, router.id()).stream()
                    .filter(p -> p.networkId().equals(subnet.networkId()) && hasVersion(model, p, 6)).findFirst()
                    : Optional.empty();
            if (v6.isPresent()) {
                // Neutron puts every IPv6 prefix of one network on one router port.
                List<FixedIp> ips = new ArrayList<>(v6.get().fixedIps());
                ips.add(gateway);
                Result<Port> updated = ports.update(model, ctx.elevated(), v6.get(),
                        PortRequest.on(null).withFixedIps(ips));
                next = updated.next();
                port = updated.value();
                subnets = port.fixedIps().stream().map(ip -> model.subnet(ip.subnetId()).orElseThrow()).toList();
            } else {
                Result<Port> created = ports.create(model, ctx.elevated(), servicePort(router.projectId(),
                        subnet.networkId(), List.of(gateway), router.id(), owner), PortOperations.DOWN);
                next = created.next();
                port = created.value();
            }
        }
        next = next.with(ResourceKind.ROUTER, router.revised(clock.instant()));
        return Result.of(next, info(router, port, subnets, subnets.get(subnets.size() - 1).id()));
    }

    /** remove_router_interface: by port (the whole interface) or by subnet (that subnet's address). */
    Result<RouterInterfaceInfo> removeInterface(NetworkModel model, RequestContext ctx, Router router,
                                                RouterInterfaceRequest r) {
        if (r.subnetId() == null && r.portId() == null) {
            throw ServiceErrors.badRouter("Either subnet_id or port_id must be specified");
        }
        NetworkModel next;
        Port port;
        List<Subnet> removed;
        if (r.portId() != null) {
            port = interfaces(model, router.id()).stream().filter(p -> p.id().equals(r.portId())).findFirst()
                    .orElseThrow(() -> NeutronException.notFound("RouterInterfaceNotFound", "Router " + router.id()
                            + " does not have an interface with id " + r.portId()));
            if (r.subnetId() != null && port.fixedIps().stream().noneMatch(ip -> ip.subnetId().equals(r.subnetId()))) {
                throw ServiceErrors.invalid("SubnetMismatchForPort", "Subnet on port " + port.id()
                        + " does not match the requested subnet " + r.subnetId());
            }
            removed = port.fixedIps().stream().map(ip -> model.subnet(ip.subnetId()).orElseThrow()).distinct().toList();
            for (Subnet s : removed) {
                checkInterfaceUnused(model, router, s);
            }
            next = ports.remove(model, port.id());
        } else {
            Subnet subnet = Policies.SUBNETS.find(model, ctx, r.subnetId());
            port = interfaces(model, router.id()).stream()
                    .filter(p -> p.fixedIps().stream().anyMatch(ip -> ip.subnetId().equals(subnet.id())))
                    .findFirst()
                    .orElseThrow(() -> NeutronException.notFound("RouterInterfaceNotFoundForSubnet", "Router "
                            + router.id() + " has no interface on subnet " + subnet.id()));
            checkInterfaceUnused(model, router, subnet);
            removed = List.of(subnet);
            List<FixedIp> rest = port.fixedIps().stream().filter(ip -> !ip.subnetId().equals(subnet.id())).toList();
            next = rest.isEmpty() ? ports.remove(model, port.id())
                    : model.withPort(new Port(port.id(), port.name(), port.description(), port.projectId(),
                            port.networkId(), port.macAddress(), rest, port.adminStateUp(), port.status(),
                            port.deviceId(), port.deviceOwner(), port.bindingHostId(), port.portSecurityEnabled(),
                            port.allowedAddressPairs(), port.createdAt(), port.updatedAt(), port.revisionNumber(),
                            port.securityGroups(), port.bindingProfile(), port.tags()).revised(clock.instant()));
        }
        next = next.with(ResourceKind.ROUTER, router.revised(clock.instant()));
        return Result.of(next, info(router, port, removed, removed.get(0).id()));
    }

    /** add_extraroutes: the router's routes plus those given (exact duplicates merged). */
    Result<Router> addExtraRoutes(NetworkModel model, Router router, List<HostRoute> routes) {
        Set<HostRoute> all = new LinkedHashSet<>(router.routes());
        all.addAll(canonicalRoutes(routes));
        return withRoutes(model, router, checkedRoutes(model, router, List.copyOf(all)));
    }

    /** remove_extraroutes: the router's routes without those given (absent ones ignored). */
    Result<Router> removeExtraRoutes(NetworkModel model, Router router, List<HostRoute> routes) {
        List<HostRoute> gone = canonicalRoutes(routes);
        List<HostRoute> kept = router.routes().stream().filter(h -> !gone.contains(h)).toList();
        return withRoutes(model, router, kept);
    }

    private Result<Router> withRoutes(NetworkModel model, Router router, List<HostRoute> routes) {
        if (routes.equals(router.routes())) {
            return Result.unchanged(model, router);
        }
        Router updated = router.withRoutes(routes).revised(clock.instant());
        return Result.of(model.with(ResourceKind.ROUTER, updated), updated);
    }

    /** The router's interface ports, oldest first. */
    static List<Port> interfaces(NetworkModel model, String routerId) {
        return model.ports().values().stream()
                .filter(p -> p.deviceId().equals(routerId) && DeviceOwner.ROUTER_INTERFACE_OWNERS.contains(p.deviceOwner()))
                .sorted(Comparator.comparing(Port::createdAt).thenComparing(Port::id))
                .toList();
    }

    /** The addresses of the router's gateway port (external_fixed_ips). */
    static List<FixedIp> gatewayIps(NetworkModel model, Router router) {
        if (router.gateway() == null) {
            return List.of();
        }
        return model.port(router.gateway().portId()).map(Port::fixedIps).orElse(List.of());
    }

    private NetworkModel updateGateway(NetworkModel model, RequestContext ctx, Router router,
                                       Optional<GatewayRequest> requested) {
        RouterGateway current = router.gateway();
        if (requested.isEmpty()) {
            return current == null ? model : clearGateway(model, router)
                    .with(ResourceKind.ROUTER, router.withGateway(null));
        }
        GatewayRequest g = requested.get();
        if (current != null && current.networkId().equals(g.networkId())) {
            checkGatewayPolicy(ctx, g, "update_router");
            NetworkModel next = model;
            if (g.externalFixedIps() != null && !g.externalFixedIps().isEmpty()) {
                Network network = next.network(g.networkId()).orElseThrow();
                checkNotSubnetGateway(next, network, g.externalFixedIps());
                Port port = next.port(current.portId()).orElseThrow();
                next = ports.update(next, ctx.elevated(), port, PortRequest.on(null)
                        .withFixedIps(g.externalFixedIps())).next();
            }
            boolean snat = g.enableSnat() == null ? current.enableSnat() : g.enableSnat();
            return next.with(ResourceKind.ROUTER,
                    router.withGateway(new RouterGateway(current.networkId(), snat, current.portId())));
        }
        NetworkModel cleared = current == null ? model : clearGateway(model, router);
        return setGateway(cleared.with(ResourceKind.ROUTER, router.withGateway(null)), ctx,
                router.withGateway(null), g, "update_router");
    }

    private NetworkModel setGateway(NetworkModel model, RequestContext ctx, Router router, GatewayRequest g,
                                    String action) {
        checkGatewayPolicy(ctx, g, action);
        Network network = Policies.NETWORKS.find(model, ctx, g.networkId());
        if (!network.external()) {
            throw ServiceErrors.badRouter("Network " + network.id() + " is not an external network");
        }
        List<FixedIp> ips = g.externalFixedIps() == null || g.externalFixedIps().isEmpty() ? null
                : g.externalFixedIps();
        if (ips != null) {
            checkNotSubnetGateway(model, network, ips);
        }
        checkNewSubnets(model, router, model.subnetsOf(network.id()));
        Result<Port> gatewayPort = ports.create(model, ctx.elevated(),
                servicePort("", network.id(), ips, router.id(), DeviceOwner.ROUTER_GATEWAY), PortOperations.DOWN);
        RouterGateway gateway = new RouterGateway(network.id(), g.enableSnat() == null || g.enableSnat(),
                gatewayPort.value().id());
        return gatewayPort.next().with(ResourceKind.ROUTER, router.withGateway(gateway));
    }

    /** Removes the gateway port; refused while floating IPs are routed through this router. */
    private NetworkModel clearGateway(NetworkModel model, Router router) {
        RouterGateway g = router.gateway();
        if (g == null) {
            return model;
        }
        boolean floatingIps = model.all(ResourceKind.FLOATING_IP).values().stream()
                .anyMatch(f -> router.id().equals(f.routerId()));
        if (floatingIps) {
            throw NeutronException.conflict("RouterExternalGatewayInUseByFloatingIp", "Gateway cannot be updated for "
                    + "router " + router.id() + ", since a gateway to external network " + g.networkId()
                    + " is required by one or more floating IPs.");
        }
        return model.withoutPort(g.portId());
    }

    /** Neutron's default policy keeps SNAT and the gateway's addresses to admins. */
    private static void checkGatewayPolicy(RequestContext ctx, GatewayRequest g, String action) {
        if (ctx.isAdmin()) {
            return;
        }
        Set<String> refused = new TreeSet<>();
        if (g.enableSnat() != null) {
            refused.add("external_gateway_info:enable_snat");
        }
        if (g.externalFixedIps() != null) {
            refused.add("external_gateway_info:external_fixed_ips");
        }
        if (!refused.isEmpty()) {
            throw NeutronException.policy(action, refused);
        }
    }

    private static void checkNotSubnetGateway(NetworkModel model, Network network, List<FixedIp> ips) {
        for (FixedIp ip : ips) {
            for (Subnet s : model.subnetsOf(network.id())) {
                if (s.gatewayIp() != null && ip.ipAddress() != null
                        && IpAddresses.isAddress(ip.ipAddress())
                        && IpAddresses.canonical(ip.ipAddress()).equals(s.gatewayIp())) {
                    throw ServiceErrors.badRouter("External IP " + ip.ipAddress() + " is the same as the gateway IP");
                }
            }
        }
    }

    /** A subnet may be on a router once, and not overlap another subnet the router reaches. */
    private static void checkNewSubnets(NetworkModel model, Router router, List<Subnet> added) {
        List<Subnet> attached = attachedSubnets(model, router);
        for (Subnet a : added) {
            for (Subnet s : attached) {
                if (s.id().equals(a.id())) {
                    throw ServiceErrors.badRouter("Router already has a port on subnet " + a.id());
                }
            }
        }
        for (Subnet a : added) {
            for (Subnet s : attached) {
                if (Cidr.parse(s.cidr()).overlaps(Cidr.parse(a.cidr()))) {
                    throw ServiceErrors.badRouter("Cidr " + a.cidr() + " of subnet " + a.id() + " overlaps with cidr "
                            + s.cidr() + " of subnet " + s.id());
                }
            }
        }
    }

    /** The subnets of the router's interfaces, and every subnet of its gateway's network. */
    private static List<Subnet> attachedSubnets(NetworkModel model, Router router) {
        Set<Subnet> subnets = new LinkedHashSet<>();
        for (Port p : interfaces(model, router.id())) {
            p.fixedIps().forEach(ip -> model.subnet(ip.subnetId()).ifPresent(subnets::add));
        }
        if (router.gateway() != null) {
            subnets.addAll(model.subnetsOf(router.gateway().networkId()));
        }
        return List.copyOf(subnets);
    }

    /** An interface cannot go while a floating IP or an extra route needs its subnet. */
    private static void checkInterfaceUnused(NetworkModel model, Router router, Subnet subnet) {
        Cidr cidr = Cidr.parse(subnet.cidr());
        for (FloatingIp f : model.all(ResourceKind.FLOATING_IP).values()) {
            if (router.id().equals(f.routerId()) && f.fixedIpAddress() != null
                    && cidr.contains(IpAddresses.parse(f.fixedIpAddress()))) {
                throw NeutronException.conflict("RouterInterfaceInUseByFloatingIP", "Router interface for subnet "
                        + subnet.id() + " on router " + router.id() + " cannot be deleted, as it is required by one "
                        + "or more floating IPs.");
            }
        }
        for (HostRoute route : router.routes()) {
            if (cidr.contains(IpAddresses.parse(route.nexthop()))) {
                throw NeutronException.conflict("RouterInterfaceInUseByRoute", "Router interface for subnet "
                        + subnet.id() + " on router " + router.id() + " cannot be deleted, as it is required by one "
                        + "or more routes.");
            }
        }
    }

    /** Routes in canonical form whose next hops are on the router's subnets but not the router itself. */
    private static List<HostRoute> checkedRoutes(NetworkModel model, Router router, List<HostRoute> requested) {
        List<HostRoute> routes = canonicalRoutes(requested);
        if (routes.size() > MAX_ROUTES) {
            throw ServiceErrors.overQuota("router_route");
        }
        List<Cidr> cidrs = new ArrayList<>();
        Set<String> own = new java.util.HashSet<>();
        for (Port p : model.ports().values()) {
            if (!p.deviceId().equals(router.id())) {
                continue;
            }
            for (FixedIp ip : p.fixedIps()) {
                model.subnet(ip.subnetId()).ifPresent(s -> cidrs.add(Cidr.parse(s.cidr())));
                own.add(ip.ipAddress());
            }
        }
        for (HostRoute route : routes) {
            boolean connected = cidrs.stream().anyMatch(c -> c.contains(IpAddresses.parse(route.nexthop())));
            if (!connected) {
                throw invalidRoutes(routes, "the nexthop is not connected with router");
            }
            if (own.contains(route.nexthop())) {
                throw invalidRoutes(routes, "the nexthop is used by router");
            }
        }
        return routes;
    }

    private static List<HostRoute> canonicalRoutes(List<HostRoute> routes) {
        List<HostRoute> out = new ArrayList<>();
        for (HostRoute route : routes) {
            Cidr destination = Cidr.parse(route.destination(), "routes");
            var nexthop = IpAddresses.parse(route.nexthop(), "routes");
            HostRoute canonical = new HostRoute(destination.toString(), IpAddresses.format(nexthop));
            if (out.contains(canonical)) {
                throw ServiceErrors.invalidAttribute("routes", "Duplicate hostroute '" + route.destination() + "'");
            }
            out.add(canonical);
        }
        return out;
    }

    private static NeutronException invalidRoutes(List<HostRoute> routes, String reason) {
        String shown = routes.stream().map(h -> "{'destination': '" + h.destination() + "', 'nexthop': '"
                + h.nexthop() + "'}").collect(Collectors.joining(", ", "[", "]"));
        return ServiceErrors.invalid("InvalidRoutes", "Invalid format for routes: " + shown + ", " + reason);
    }

    private static boolean hasVersion(NetworkModel model, Port p, int version) {
        return p.fixedIps().stream().anyMatch(ip -> IpAddresses.version(IpAddresses.parse(ip.ipAddress())) == version);
    }

    static PortRequest servicePort(String projectId, String networkId, List<FixedIp> ips, String deviceId,
                                   String owner) {
        return new PortRequest("", null, projectId, networkId, null, ips, true, deviceId, owner, null, null, null,
                null, null, null, null);
    }

    private static RouterInterfaceInfo info(Router router, Port port, List<Subnet> subnets, String subnetId) {
        return new RouterInterfaceInfo(router.id(), port.projectId(), port.id(), port.networkId(), subnetId,
                subnets.stream().map(Subnet::id).toList());
    }
}
