package dev.muon.pipeline.model;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * A Neutron subnet; {@code subnetpoolId} names the pool its CIDR was allocated from, or is null.
 * {@code ipv6RaMode}/{@code ipv6AddressMode} are Neutron's IPv6 modes as the client set them
 * (null: none); the dataplane does not act on them yet, ports keep their IPAM addresses.
 * {@code serviceTypes} are the device owners whose ports take addresses from it (Neutron's
 * subnet-service-types; empty: any port).
 */
public record Subnet(
        String id,
        String name,
        String description,
        String projectId,
        String networkId,
        int ipVersion,
        String cidr,
        String gatewayIp,
        List<AllocationPool> allocationPools,
        boolean enableDhcp,
        List<String> dnsNameservers,
        List<HostRoute> hostRoutes,
        Instant createdAt,
        Instant updatedAt,
        long revisionNumber,
        String subnetpoolId,
        List<String> tags,
        String ipv6RaMode,
        String ipv6AddressMode,
        List<String> serviceTypes) implements Tagged<Subnet> {

    public Subnet {
        allocationPools = List.copyOf(allocationPools);
        dnsNameservers = List.copyOf(dnsNameservers);
        hostRoutes = List.copyOf(hostRoutes);
        tags = Tagged.canonical(tags);
        serviceTypes = serviceTypes == null ? List.of() : List.copyOf(serviceTypes);   // stored before the field
    }

    /** A subnet for any port (no service types). */
    public Subnet(String id, String name, String description, String projectId, String networkId, int ipVersion,
                  String cidr, String gatewayIp, List<AllocationPool> allocationPools, boolean enableDhcp,
                  List<String> dnsNameservers, List<HostRoute> hostRoutes, Instant createdAt, Instant updatedAt,
                  long revisionNumber, String subnetpoolId, List<String> tags, String ipv6RaMode,
                  String ipv6AddressMode) {
        this(id, name, description, projectId, networkId, ipVersion, cidr, gatewayIp, allocationPools, enableDhcp,
                dnsNameservers, hostRoutes, createdAt, updatedAt, revisionNumber, subnetpoolId, tags, ipv6RaMode,
                ipv6AddressMode, List.of());
    }

    /** A subnet with no IPv6 modes. */
    public Subnet(String id, String name, String description, String projectId, String networkId, int ipVersion,
                  String cidr, String gatewayIp, List<AllocationPool> allocationPools, boolean enableDhcp,
                  List<String> dnsNameservers, List<HostRoute> hostRoutes, Instant createdAt, Instant updatedAt,
                  long revisionNumber, String subnetpoolId, List<String> tags) {
        this(id, name, description, projectId, networkId, ipVersion, cidr, gatewayIp, allocationPools, enableDhcp,
                dnsNameservers, hostRoutes, createdAt, updatedAt, revisionNumber, subnetpoolId, tags, null, null);
    }

    /** A copy stamped as changed at {@code at}: updated_at set and revision_number bumped. */
    public Subnet revised(Instant at) {
        return new Subnet(id, name, description, projectId, networkId, ipVersion, cidr, gatewayIp, allocationPools,
                enableDhcp, dnsNameservers, hostRoutes, createdAt, at, revisionNumber + 1, subnetpoolId, tags,
                ipv6RaMode, ipv6AddressMode, serviceTypes);
    }

    @Override
    public Subnet withTags(Collection<String> newTags, Instant at) {
        return new Subnet(id, name, description, projectId, networkId, ipVersion, cidr, gatewayIp, allocationPools,
                enableDhcp, dnsNameservers, hostRoutes, createdAt, updatedAt, revisionNumber, subnetpoolId,
                List.copyOf(newTags), ipv6RaMode, ipv6AddressMode, serviceTypes).revised(at);
    }
}
