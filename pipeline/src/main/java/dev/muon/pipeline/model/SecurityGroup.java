package dev.muon.pipeline.model;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * A Neutron security group; its rules are {@link SecurityGroupRule}s naming it. Each project
 * has exactly one group named {@value #DEFAULT_NAME}, created on the project's first use.
 * {@code stateful} false means rules match without connection tracking.
 */
public record SecurityGroup(
        String id,
        String name,
        String description,
        String projectId,
        boolean stateful,
        List<String> tags,
        Instant createdAt,
        Instant updatedAt,
        long revisionNumber) implements Tagged<SecurityGroup> {
    public static final String DEFAULT_NAME = "default";

    public SecurityGroup {
        tags = Tagged.canonical(tags);
    }

    public boolean isProjectDefault() {
        return DEFAULT_NAME.equals(name);
    }

    /** A copy stamped as changed at {@code at}: updated_at set and revision_number bumped. */
    public SecurityGroup revised(Instant at) {
        return new SecurityGroup(id, name, description, projectId, stateful, tags, createdAt, at, revisionNumber + 1);
    }

    @Override
    public SecurityGroup withTags(Collection<String> newTags, Instant at) {
        return new SecurityGroup(id, name, description, projectId, stateful, List.copyOf(newTags), createdAt,
                updatedAt, revisionNumber).revised(at);
    }
}
