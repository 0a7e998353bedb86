package dev.muon.pipeline.model;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * A Neutron trunk ("VLAN aware VM"): the parent port {@code portId} carries untagged traffic,
 * each subport the traffic tagged with its segmentation id. A port is in at most one trunk.
 */
public record Trunk(
        String id,
        String name,
        String description,
        String projectId,
        String portId,
        boolean adminStateUp,
        String status,
        List<SubPort> subPorts,
        List<String> tags,
        Instant createdAt,
        Instant updatedAt,
        long revisionNumber) implements Tagged<Trunk> {

    public Trunk {
        subPorts = List.copyOf(subPorts);
        tags = Tagged.canonical(tags);
    }

    /** A copy stamped as changed at {@code at}: updated_at set and revision_number bumped. */
    public Trunk revised(Instant at) {
        return new Trunk(id, name, description, projectId, portId, adminStateUp, status, subPorts, tags, createdAt,
                at, revisionNumber + 1);
    }

    /** A copy with other subports, not yet revised. */
    public Trunk withSubPorts(List<SubPort> newSubPorts) {
        return new Trunk(id, name, description, projectId, portId, adminStateUp, status, newSubPorts, tags,
                createdAt, updatedAt, revisionNumber);
    }

    @Override
    public Trunk withTags(Collection<String> newTags, Instant at) {
        return new Trunk(id, name, description, projectId, portId, adminStateUp, status, subPorts,
                List.copyOf(newTags), createdAt, updatedAt, revisionNumber).revised(at);
    }
}
