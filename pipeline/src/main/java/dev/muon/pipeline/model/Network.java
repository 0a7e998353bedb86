package dev.muon.pipeline.model;

import java.time.Instant;

/**
 * A Neutron network. Segmentation: for VXLAN the VNI, for VLAN the provider VLAN id,
 * null for flat.
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
        long revisionNumber) {

    /** A copy stamped as changed at {@code at}: updated_at set and revision_number bumped. */
    public Network revised(Instant at) {
        return new Network(id, name, description, projectId, adminStateUp, shared, external, networkType,
                physicalNetwork, segmentationId, mtu, status, createdAt, at, revisionNumber + 1);
    }
}
