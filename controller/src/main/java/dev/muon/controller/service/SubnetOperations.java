package dev.muon.controller.service;

import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.NeutronException;
import dev.muon.northbound.SubnetRequest;
import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.HostRoute;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;

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

/** Subnet create, update and delete as functions from one snapshot to the next. */
final class SubnetOperations {
    private final ServiceConfig config;
    private final NetworkOperations networks;
    private final Clock clock;

    SubnetOperations(ServiceConfig config, NetworkOperations networks, Clock clock) {
        this.config = config;
        this.networks = networks;
        this.clock = clock;
    }

    Result<Subnet> create(NetworkModel model, SubnetRequest r) {
        if (r.networkId() == null) {
            throw ServiceErrors.required("network_id");
        }
        Network network = model.network(r.networkId()).orElseThrow(() -> ServiceErrors.networkNotFound(r.networkId()));
        refuseUnsupported(r);
        if (r.cidr() == null) {
            throw new NeutronException(400, "BadRequest",
                    "Bad subnets request: a subnetpool must be specified in the absence of a cidr.");
        }
        Cidr cidr = Cidr.parse(r.cidr(), "cidr");
        if (r.ipVersion() != null) {
            if (r.ipVersion() != 4 && r.ipVersion() != 6) {
                throw ServiceErrors.invalidAttribute("ip_version", r.ipVersion() + " is not in [4, 6]");
            }
            if (r.ipVersion() != cidr.version()) {
                throw ServiceErrors.invalidInput("Cidr " + cidr + " does not match ip_version " + r.ipVersion());
            }
        }
        for (Subnet other : model.subnetsOf(network.id())) {
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
                r.projectId() == null ? config.defaultProjectId() : r.projectId(),
                network.id(),
                cidr.version(),
                cidr.toString(),
                gateway,
                pools,
                r.enableDhcp() == null || r.enableDhcp(),
                r.dnsNameservers() == null ? List.of() : nameservers(r.dnsNameservers()),
                r.hostRoutes() == null ? List.of() : hostRoutes(r.hostRoutes(), cidr.version()),
                now,
                now,
                1,
                null,
                List.of());
        NetworkModel next = networks.touch(model.withSubnet(subnet), network.id());
        return Result.of(next, subnet);
    }

    Result<Subnet> update(NetworkModel model, String id, SubnetRequest r) {
        Subnet s = model.subnet(id).orElseThrow(() -> ServiceErrors.subnetNotFound(id));
        Cidr cidr = Cidr.parse(s.cidr());
        String gateway = s.gatewayIp();
        if (r.gatewayIp() != null) {
            gateway = gateway(cidr, r.gatewayIp());
            if (gateway != null && !gateway.equals(s.gatewayIp())) {
                refuseGatewayHeldByPort(model, s, gateway);
            }
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
                r.dnsNameservers() == null ? s.dnsNameservers() : nameservers(r.dnsNameservers()),
                r.hostRoutes() == null ? s.hostRoutes() : hostRoutes(r.hostRoutes(), s.ipVersion()),
                s.createdAt(),
                s.updatedAt(),
                s.revisionNumber(),
                s.subnetpoolId(),
                s.tags());
        if (updated.equals(s)) {
            return Result.unchanged(model, s);
        }
        updated = updated.revised(clock.instant());
        return Result.of(model.withSubnet(updated), updated);
    }

    /** Deletes the subnet; refused while a port has an address from it. */
    Result<Void> delete(NetworkModel model, String id) {
        Subnet s = model.subnet(id).orElseThrow(() -> ServiceErrors.subnetNotFound(id));
        for (Port p : model.portsOf(s.networkId())) {
            for (FixedIp ip : p.fixedIps()) {
                if (ip.subnetId().equals(id)) {
                    throw ServiceErrors.subnetInUse(id);
                }
            }
        }
        return Result.of(networks.touch(model.withoutSubnet(id), s.networkId()), null);
    }

    private static void refuseUnsupported(SubnetRequest r) {
        if (r.subnetpoolId() != null) {
            throw ServiceErrors.invalidInput("subnet pools are not supported yet");
        }
        if (r.ipv6RaMode() != null || r.ipv6AddressMode() != null) {
            throw ServiceErrors.invalidInput("ipv6_ra_mode and ipv6_address_mode are not supported yet; "
                    + "IPv6 subnets are addressed statefully by IPAM");
        }
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

    private static List<String> nameservers(List<String> servers) {
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

    private static List<HostRoute> hostRoutes(List<HostRoute> routes, int ipVersion) {
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
