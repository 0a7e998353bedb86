package dev.muon.pipeline.model;

import java.time.Instant;
import java.util.List;

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
        long revisionNumber) {

    public Subnet {
        allocationPools = List.copyOf(allocationPools);
        dnsNameservers = List.copyOf(dnsNameservers);
        hostRoutes = List.copyOf(hostRoutes);
    }

    /** A copy stamped as changed at {@code at}: updated_at set and revision_number bumped. */
    public Subnet revised(Instant at) {
        return new Subnet(id, name, description, projectId, networkId, ipVersion, cidr, gatewayIp, allocationPools,
                enableDhcp, dnsNameservers, hostRoutes, createdAt, at, revisionNumber + 1);
    }
}
