package dev.muon.pipeline.model;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** A Neutron subnet; {@code subnetpoolId} names the pool its CIDR was allocated from, or is null. */
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
        List<String> tags) implements Tagged<Subnet> {

    public Subnet {
        allocationPools = List.copyOf(allocationPools);
        dnsNameservers = List.copyOf(dnsNameservers);
        hostRoutes = List.copyOf(hostRoutes);
        tags = Tagged.canonical(tags);
    }

    /** A copy stamped as changed at {@code at}: updated_at set and revision_number bumped. */
    public Subnet revised(Instant at) {
        return new Subnet(id, name, description, projectId, networkId, ipVersion, cidr, gatewayIp, allocationPools,
                enableDhcp, dnsNameservers, hostRoutes, createdAt, at, revisionNumber + 1, subnetpoolId, tags);
    }

    @Override
    public Subnet withTags(Collection<String> newTags, Instant at) {
        return new Subnet(id, name, description, projectId, networkId, ipVersion, cidr, gatewayIp, allocationPools,
                enableDhcp, dnsNameservers, hostRoutes, createdAt, updatedAt, revisionNumber, subnetpoolId,
                List.copyOf(newTags)).revised(at);
    }
}
