package dev.muon.controller.service;

import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.NeutronException;
import dev.muon.northbound.RequestContext;
import dev.muon.northbound.SubnetRequest;
import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.DeviceOwner;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.HostRoute;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;
import dev.muon.pipeline.model.SubnetPool;

import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Subnet create, update and delete as functions from one snapshot to the next. A subnet's CIDR
 * is given, or allocated from a subnet pool (named, or the default pool of its IP version) with
 * the requested or the pool's default prefix length; subnets of one network come from one pool
 * and never overlap each other, while other networks may reuse the same CIDR.
 */
final class SubnetOperations implements ResourceOperations<Subnet, SubnetRequest> {
    /** Neutron's max_dns_nameservers and max_subnet_host_routes defaults. */
    static final int MAX_DNS_NAMESERVERS = 5;
    static final int MAX_HOST_ROUTES = 20;
    /** How Neutron names a subnet not yet created in its messages. */
    private static final String NEW_SUBNET = "new subnet";

    private final ServiceConfig config;
    private final NetworkOperations networks;
    private final Clock clock;

    SubnetOperations(ServiceConfig config, NetworkOperations networks, Clock clock) {
        this.config = config;
        this.networks = networks;
        this.clock = clock;
    }

    @Override
    public Result<Subnet> create(NetworkModel model, RequestContext ctx, SubnetRequest r) {
        if (r.networkId() == null) {
            throw ServiceErrors.required("network_id");
        }
        Network network = Policies.NETWORKS.find(model, ctx, r.networkId());
        Policies.checkNetworkUsable(ctx, model, network, Policies.owner(ctx, r.projectId(), "subnet", config));
        if (!ctx.owns(network.projectId())) {
            throw NeutronException.policy("create_subnet");
        }
        if (r.ipVersion() != null && r.ipVersion() != 4 && r.ipVersion() != 6) {
            throw ServiceErrors.invalidAttribute("ip_version", r.ipVersion() + " is not in [4, 6]");
        }
        if (r.cidr() != null && r.prefixlen() != null) {
            throw ServiceErrors.badSubnets("cidr and prefixlen must not be supplied together");
        }
        Cidr requested = r.cidr() == null ? null : Cidr.parse(r.cidr(), "cidr");
        String projectId = Policies.owner(ctx, r.projectId(), "subnet", config);
        SubnetPool pool = pool(model, ctx, r, requested);
        if (pool == null && requested == null) {
            throw ServiceErrors.badSubnets("a subnetpool must be specified in the absence of a cidr");
        }
        Cidr cidr = pool == null ? requested : allocate(model, pool, r, requested, projectId);
        if (r.ipVersion() != null && r.ipVersion() != cidr.version()) {
            throw ServiceErrors.invalidInput("Cidr " + cidr + " does not match ip_version " + r.ipVersion());
        }
        boolean enableDhcp = r.enableDhcp() == null || r.enableDhcp();
        Ipv6Modes.checkNew(cidr.version(), cidr.prefixLength(), cidr.toString(), enableDhcp, r.ipv6RaMode(),
                r.ipv6AddressMode());
        checkDhcpPrefix(cidr, enableDhcp);
        for (Subnet other : model.subnetsOf(network.id())) {
            if (other.ipVersion() == cidr.version() && !java.util.Objects.equals(other.subnetpoolId(),
                    pool == null ? null : pool.id())) {
                throw ServiceErrors.subnetPoolAffinity();
            }
            if (Cidr.parse(other.cidr()).overlaps(cidr)) {
                throw ServiceErrors.invalidInput("Requested subnet with cidr: " + cidr + " for network: "
                        + network.id() + " overlaps with another subnet");
            }
        }
        String gateway = r.gatewayIp() == null ? AllocationPools.defaultGateway(cidr) : gateway(cidr, r.gatewayIp());
        List<AllocationPool> pools = r.allocationPools() == null
                ? AllocationPools.defaults(cidr, gateway)
                : AllocationPools.validate(cidr, r.allocationPools(), gateway);
        Instant now = clock.instant();
        Subnet subnet = new Subnet(
                UUID.randomUUID().toString(),
                NetworkOperations.orEmpty(r.name()),
                NetworkOperations.orEmpty(r.description()),
                projectId,
                network.id(),
                cidr.version(),
                cidr.toString(),
                gateway,
                pools,
                r.enableDhcp() == null || r.enableDhcp(),
                r.dnsNameservers() == null ? List.of() : nameservers(r.dnsNameservers(), NEW_SUBNET),
                r.hostRoutes() == null ? List.of() : hostRoutes(r.hostRoutes(), cidr.version(), NEW_SUBNET),
                now,
                now,
                1,
                pool == null ? null : pool.id(),
                r.tags(),
                r.ipv6RaMode(),
                r.ipv6AddressMode(),
                r.serviceTypes() == null ? List.of() : SubnetServiceTypes.validate(r.serviceTypes()));
        NetworkModel next = networks.touch(model.withSubnet(subnet), network.id());
        return Result.of(next, subnet);
    }

    /** The pool the subnet comes from, or null: subnetpool_id, or the default pool with use_default_subnetpool. */
    private static SubnetPool pool(NetworkModel model, RequestContext ctx, SubnetRequest r, Cidr requested) {
        boolean useDefault = r.useDefaultSubnetpool() != null && r.useDefaultSubnetpool();
        if (useDefault && r.subnetpoolId() != null) {
            throw ServiceErrors.badSubnets("subnetpool_id and use_default_subnetpool cannot both be specified");
        }
        if (r.subnetpoolId() != null) {
            return Policies.SUBNET_POOLS.find(model, ctx, r.subnetpoolId());
        }
        if (!useDefault) {
            return null;
        }
        Integer version = requested != null ? Integer.valueOf(requested.version()) : r.ipVersion();
        if (version == null) {
            throw ServiceErrors.badSubnets("ip_version must be specified in the absence of cidr and subnetpool_id");
        }
        return SubnetPoolOperations.defaultPool(model, ctx, version)
                .orElseThrow(() -> ServiceErrors.badSubnets("No default subnetpool found for IPv" + version));
    }

    /** The requested CIDR checked against the pool's free space, or the pool's next free prefix. */
    private static Cidr allocate(NetworkModel model, SubnetPool pool, SubnetRequest r, Cidr requested,
                                 String projectId) {
        if (requested == null && r.allocationPools() != null) {
            throw ServiceErrors.badSubnets("allocation_pools allowed only for specific subnet requests.");
        }
        if (r.ipVersion() != null && r.ipVersion() != pool.ipVersion()) {
            throw ServiceErrors.badSubnets("Cannot allocate IPv" + r.ipVersion() + " subnet from IPv"
                    + pool.ipVersion() + " subnet pool");
        }
        int prefixlen = requested != null ? requested.prefixLength()
                : r.prefixlen() != null ? r.prefixlen() : pool.defaultPrefixlen();
        if (prefixlen > pool.maxPrefixlen()) {
            throw ServiceErrors.maxPrefix(prefixlen, pool.maxPrefixlen());
        }
        if (prefixlen < pool.minPrefixlen()) {
            throw ServiceErrors.minPrefix(prefixlen, pool.minPrefixlen());
        }
        checkQuota(model, pool, projectId, prefixlen);
        PrefixSet free = SubnetPoolOperations.free(model, pool);
        if (requested != null) {
            if (requested.version() != pool.ipVersion()
                    || !free.containsAll(PrefixSet.of(pool.ipVersion(), List.of(requested)))) {
                throw ServiceErrors.subnetAllocation("Cannot allocate requested subnet from the available set of "
                        + "prefixes");
            }
            return requested;
        }
        return free.allocate(prefixlen).orElseThrow(() -> ServiceErrors.subnetAllocation(
                "Insufficient prefix space to allocate subnet size /" + prefixlen));
    }

    /** default_quota counts addresses a project takes from the pool, in /32 (IPv4) or /64 (IPv6) units. */
    private static void checkQuota(NetworkModel model, SubnetPool pool, String projectId, int prefixlen) {
        if (pool.defaultQuota() == null) {
            return;
        }
        int unit = pool.ipVersion() == 4 ? 32 : 64;
        BigInteger used = BigInteger.ZERO;
        for (Subnet s : model.subnets().values()) {
            if (pool.id().equals(s.subnetpoolId()) && s.projectId().equals(projectId)) {
                used = used.add(units(Cidr.parse(s.cidr()).prefixLength(), unit));
            }
        }
        if (used.add(units(prefixlen, unit)).compareTo(BigInteger.valueOf(pool.defaultQuota())) > 0) {
            throw ServiceErrors.subnetPoolQuotaExceeded();
        }
    }

    private static BigInteger units(int prefixlen, int unit) {
        return prefixlen >= unit ? BigInteger.ONE : BigInteger.ONE.shiftLeft(unit - prefixlen);
    }

    private static void checkDhcpPrefix(Cidr cidr, boolean dhcp) {
        if (dhcp) {
            DhcpCidrs.check(cidr);
        }
    }

    @Override
    public Result<Subnet> update(NetworkModel model, RequestContext ctx, Subnet s, SubnetRequest r) {
        Cidr cidr = Cidr.parse(s.cidr());
        String gateway = s.gatewayIp();
        if (r.gatewayIp() != null) {
            gateway = gateway(cidr, r.gatewayIp());
            if (gateway != null && !gateway.equals(s.gatewayIp())) {
                refuseGatewayHeldByPort(model, s, gateway);
            }
        }
        Ipv6Modes.checkUpdate(s, r.enableDhcp());
        if (r.enableDhcp() != null && r.enableDhcp() && !s.enableDhcp()) {
            DhcpCidrs.check(cidr);
        }
        List<AllocationPool> pools = s.allocationPools();
        if (r.allocationPools() != null) {
            // Addresses already handed out outside the new pools stay with their ports, as in Neutron.
            pools = AllocationPools.validate(cidr, r.allocationPools(), gateway);
        } else if (r.gatewayIp() != null) {
            AllocationPools.checkGatewayOutside(AllocationPools.ranges(pools), gateway);
        }
        Subnet updated = new Subnet(
                s.id(),
                r.name() == null ? s.name() : r.name(),
                r.description() == null ? s.description() : r.description(),
                s.projectId(),
                s.networkId(),
                s.ipVersion(),
                s.cidr(),
                gateway,
                pools,
                r.enableDhcp() == null ? s.enableDhcp() : r.enableDhcp(),
                r.dnsNameservers() == null ? s.dnsNameservers() : nameservers(r.dnsNameservers(), s.id()),
                r.hostRoutes() == null ? s.hostRoutes() : hostRoutes(r.hostRoutes(), s.ipVersion(), s.id()),
                s.createdAt(),
                s.updatedAt(),
                s.revisionNumber(),
                s.subnetpoolId(),
                s.tags(),
                s.ipv6RaMode(),
                s.ipv6AddressMode(),
                r.serviceTypes() == null ? s.serviceTypes() : SubnetServiceTypes.validate(r.serviceTypes()));
        if (updated.equals(s)) {
            return Result.unchanged(model, s);
        }
        updated = updated.revised(clock.instant());
        return Result.of(model.withSubnet(updated), updated);
    }

    /**
     * Deletes the subnet; refused while a port has an address from it, except on a subnet with
     * automatic (EUI-64) addresses, where only router interfaces hold it and the other ports lose
     * their address there, as Neutron's _remove_subnet_ip_allocations_from_ports.
     */
    @Override
    public Result<Void> delete(NetworkModel model, RequestContext ctx, Subnet s) {
        String id = s.id();
        boolean automatic = s.ipVersion() == 6 && Ipv6Modes.autoAddress(s);
        NetworkModel next = model;
        for (Port p : model.portsOf(s.networkId())) {
            if (p.fixedIps().stream().noneMatch(ip -> ip.subnetId().equals(id))) {
                continue;
            }
            if (!automatic || DeviceOwner.ROUTER_INTERFACE_OWNERS.contains(p.deviceOwner())) {
                throw ServiceErrors.subnetInUse(id);
            }
            List<FixedIp> kept = p.fixedIps().stream().filter(ip -> !ip.subnetId().equals(id)).toList();
            next = next.withPort(p.withFixedIps(kept).revised(clock.instant()));
        }
        return Result.of(networks.touch(next.withoutSubnet(id), s.networkId()), null);
    }

    /** The requested gateway in canonical form; empty means "no gateway". */
    private static String gateway(Cidr cidr, Optional<String> requested) {
        if (requested.isEmpty()) {
            return null;
        }
        InetAddress address = IpAddresses.parse(requested.get(), "gateway_ip");
        if (IpAddresses.version(address) != cidr.version()) {
            throw ServiceErrors.invalidInput("Gateway IP version inconsistent with allocation pool version");
        }
        BigInteger number = IpAddresses.toNumber(address);
        // Neutron accepts an on-link gateway outside the CIDR, but never the network or broadcast address.
        if (cidr.contains(address) && !cidr.isHostAddress(number)) {
            throw ServiceErrors.invalidInput("Gateway is not valid on subnet");
        }
        return IpAddresses.format(address);
    }

    /** A new gateway address must not be a VM's (router ports may hold it: that is how routers attach). */
    private static void refuseGatewayHeldByPort(NetworkModel model, Subnet s, String gateway) {
        for (Port p : model.portsOf(s.networkId())) {
            boolean holds = p.fixedIps().stream()
                    .anyMatch(ip -> ip.subnetId().equals(s.id()) && ip.ipAddress().equals(gateway));
            if (holds && !p.deviceOwner().startsWith("network:router")) {
                throw ServiceErrors.gatewayIpInUse(gateway, p.id());
            }
        }
    }

    /** @param subnet the subnet's id, or {@link #NEW_SUBNET}, for the message */
    private static List<String> nameservers(List<String> servers, String subnet) {
        if (servers.size() > MAX_DNS_NAMESERVERS) {
            throw ServiceErrors.dnsNameServersExhausted(subnet, MAX_DNS_NAMESERVERS);
        }
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (String server : servers) {
            if (!IpAddresses.isAddress(server)) {
                throw ServiceErrors.invalidAttribute("dns_nameservers", "'" + server + "' is not a valid nameserver");
            }
            String canonical = IpAddresses.canonical(server);
            if (!seen.add(canonical)) {
                throw ServiceErrors.invalidAttribute("dns_nameservers", "Duplicate nameserver '" + server + "'");
            }
            out.add(canonical);
        }
        return out;
    }

    private static List<HostRoute> hostRoutes(List<HostRoute> routes, int ipVersion, String subnet) {
        if (routes.size() > MAX_HOST_ROUTES) {
            throw ServiceErrors.hostRoutesExhausted(subnet, MAX_HOST_ROUTES);
        }
        Set<HostRoute> seen = new HashSet<>();
        List<HostRoute> out = new ArrayList<>();
        for (HostRoute route : routes) {
            Cidr destination = Cidr.parse(route.destination(), "host_routes");
            InetAddress nexthop = IpAddresses.parse(route.nexthop(), "host_routes");
            if (destination.version() != ipVersion || IpAddresses.version(nexthop) != ipVersion) {
                throw ServiceErrors.invalidInput("host_routes must have the subnet's IP version " + ipVersion);
            }
            HostRoute canonical = new HostRoute(destination.toString(), IpAddresses.format(nexthop));
            if (!seen.add(canonical)) {
                throw ServiceErrors.invalidAttribute("host_routes", "Duplicate hostroute '" + route + "'");
            }
            out.add(canonical);
        }
        return out;
    }
}
