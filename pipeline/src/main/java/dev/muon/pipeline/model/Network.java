package dev.muon.pipeline.model;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * A Neutron network. Segmentation: for VXLAN the VNI, for VLAN the provider VLAN id,
 * null for flat. {@code isDefault} marks the default external network ("get me a network"
 * uplinks to it); {@code portSecurityEnabled} is what its new ports default to.
 */
public record Network(
        String id,
        String name,
        String description,
        String projectId,
        boolean adminStateUp,
        boolean shared,
        boolean external,
        NetworkType networkType,
        String physicalNetwork,
        Integer segmentationId,
        int mtu,
        String status,
        Instant createdAt,
        Instant updatedAt,
        long revisionNumber,
        boolean isDefault,
        boolean portSecurityEnabled,
        List<String> tags,
        String dnsDomain,
        List<String> availabilityZoneHints) implements Tagged<Network> {

    public Network {
        tags = Tagged.canonical(tags);
        dnsDomain = dnsDomain == null ? "" : dnsDomain;
        availabilityZoneHints = availabilityZoneHints == null ? List.of() : List.copyOf(availabilityZoneHints);
    }

    /** A network with no dns_domain and no availability zone hints. */
    public Network(String id, String name, String description, String projectId, boolean adminStateUp, boolean shared,
                   boolean external, NetworkType networkType, String physicalNetwork, Integer segmentationId, int mtu,
                   String status, Instant createdAt, Instant updatedAt, long revisionNumber, boolean isDefault,
                   boolean portSecurityEnabled, List<String> tags) {
        this(id, name, description, projectId, adminStateUp, shared, external, networkType, physicalNetwork,
                segmentationId, mtu, status, createdAt, updatedAt, revisionNumber, isDefault, portSecurityEnabled, tags,
                "", List.of());
    }

    /** A copy stamped as changed at {@code at}: updated_at set and revision_number bumped. */
    public Network revised(Instant at) {
        return new Network(id, name, description, projectId, adminStateUp, shared, external, networkType,
                physicalNetwork, segmentationId, mtu, status, createdAt, at, revisionNumber + 1, isDefault,
                portSecurityEnabled, tags, dnsDomain, availabilityZoneHints);
    }

    /** A copy with {@code shared} and {@code external} as given, not yet revised (RBAC policies set them). */
    public Network withFlags(boolean newShared, boolean newExternal) {
        return new Network(id, name, description, projectId, adminStateUp, newShared, newExternal, networkType,
                physicalNetwork, segmentationId, mtu, status, createdAt, updatedAt, revisionNumber, isDefault,
                portSecurityEnabled, tags, dnsDomain, availabilityZoneHints);
    }

    @Override
    public Network withTags(Collection<String> newTags, Instant at) {
        return new Network(id, name, description, projectId, adminStateUp, shared, external, networkType,
                physicalNetwork, segmentationId, mtu, status, createdAt, updatedAt, revisionNumber, isDefault,
                portSecurityEnabled, List.copyOf(newTags), dnsDomain, availabilityZoneHints).revised(at);
    }
}
