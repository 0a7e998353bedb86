package dev.muon.northbound;

import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.HostRoute;

import java.util.List;
import java.util.Optional;

/**
 * The attributes a client sent in a subnet create or update; a null component was not sent.
 * {@code gatewayIp} is three-valued because Neutron gives {@code "gateway_ip": null} a meaning
 * (no gateway): null = not sent (default: first host address), empty = explicitly none.
 * Without a cidr the subnet is allocated from {@code subnetpoolId} (or, with
 * {@code useDefaultSubnetpool}, the default pool of {@code ipVersion}) with {@code prefixlen}.
 * The IPv6 modes are carried so that the service can refuse what it does not implement.
 * {@code serviceTypes}: the device owners the subnet serves (subnet-service-types; empty: any).
 */
public record SubnetRequest(
        String name,
        String description,
        String projectId,
        String networkId,
        Integer ipVersion,
        String cidr,
        Optional<String> gatewayIp,
        List<AllocationPool> allocationPools,
        Boolean enableDhcp,
        List<String> dnsNameservers,
        List<HostRoute> hostRoutes,
        String ipv6RaMode,
        String ipv6AddressMode,
        String subnetpoolId,
        Boolean useDefaultSubnetpool,
        Integer prefixlen,
        List<String> tags,
        List<String> serviceTypes) {

    /** A request that does not touch service types. */
    public SubnetRequest(String name, String description, String projectId, String networkId, Integer ipVersion,
                         String cidr, Optional<String> gatewayIp, List<AllocationPool> allocationPools,
                         Boolean enableDhcp, List<String> dnsNameservers, List<HostRoute> hostRoutes,
                         String ipv6RaMode, String ipv6AddressMode, String subnetpoolId, Boolean useDefaultSubnetpool,
                         Integer prefixlen, List<String> tags) {
        this(name, description, projectId, networkId, ipVersion, cidr, gatewayIp, allocationPools, enableDhcp,
                dnsNameservers, hostRoutes, ipv6RaMode, ipv6AddressMode, subnetpoolId, useDefaultSubnetpool, prefixlen,
                tags, null);
    }

    public static SubnetRequest of(String networkId, String cidr) {
        return new SubnetRequest(null, null, null, networkId, null, cidr, null, null, null, null, null, null, null,
                null, null, null, null);
    }
}
