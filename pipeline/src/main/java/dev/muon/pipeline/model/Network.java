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
}
