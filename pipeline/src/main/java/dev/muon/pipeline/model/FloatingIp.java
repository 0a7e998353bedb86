package dev.muon.pipeline.model;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * A Neutron floating IP: {@code floatingIpAddress} on the external network, held by the
 * port {@code floatingPortId} (device_owner network:floatingip) so that IPAM sees it taken.
 * When associated, {@code portId}/{@code fixedIpAddress} name the internal address it maps to
 * and {@code routerId} the router connecting that address's subnet to the external network;
 * all three are null otherwise.
 */
public record FloatingIp(
        String id,
        String description,
        String projectId,
        String floatingNetworkId,
        String floatingIpAddress,
        String floatingPortId,
        String portId,
        String fixedIpAddress,
        String routerId,
        String status,
        List<String> tags,
        Instant createdAt,
        Instant updatedAt,
        long revisionNumber) implements Tagged<FloatingIp> {

    public FloatingIp {
        tags = Tagged.canonical(tags);
    }

    /** A copy stamped as changed at {@code at}: updated_at set and revision_number bumped. */
    public FloatingIp revised(Instant at) {
        return new FloatingIp(id, description, projectId, floatingNetworkId, floatingIpAddress, floatingPortId,
                portId, fixedIpAddress, routerId, status, tags, createdAt, at, revisionNumber + 1);
    }

    /** A copy mapped to {@code newPortId}/{@code newFixedIp} through {@code newRouterId} (all null: none). */
    public FloatingIp withAssociation(String newPortId, String newFixedIp, String newRouterId, String newStatus) {
        return new FloatingIp(id, description, projectId, floatingNetworkId, floatingIpAddress, floatingPortId,
                newPortId, newFixedIp, newRouterId, newStatus, tags, createdAt, updatedAt, revisionNumber);
    }

    @Override
    public FloatingIp withTags(Collection<String> newTags, Instant at) {
        return new FloatingIp(id, description, projectId, floatingNetworkId, floatingIpAddress, floatingPortId,
                portId, fixedIpAddress, routerId, status, List.copyOf(newTags), createdAt, updatedAt,
                revisionNumber).revised(at);
    }
}
