package dev.muon.pipeline.model;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * A Neutron subnet pool: prefixes (CIDRs of one IP version) that subnets are carved from,
 * with the prefix lengths a subnet may have. {@code isDefault} marks the pool that
 * {@code use_default_subnetpool} and auto-allocation take for its IP version.
 */
public record SubnetPool(
        String id,
        String name,
        String description,
        String projectId,
        int ipVersion,
        List<String> prefixes,
        int defaultPrefixlen,
        int minPrefixlen,
        int maxPrefixlen,
        boolean isDefault,
        boolean shared,
        Integer defaultQuota,
        List<String> tags,
        Instant createdAt,
        Instant updatedAt,
        long revisionNumber) implements Tagged<SubnetPool> {

    public SubnetPool {
        prefixes = List.copyOf(prefixes);
        tags = Tagged.canonical(tags);
    }

    /** A copy stamped as changed at {@code at}: updated_at set and revision_number bumped. */
    public SubnetPool revised(Instant at) {
        return new SubnetPool(id, name, description, projectId, ipVersion, prefixes, defaultPrefixlen, minPrefixlen,
                maxPrefixlen, isDefault, shared, defaultQuota, tags, createdAt, at, revisionNumber + 1);
    }

    @Override
    public SubnetPool withTags(Collection<String> newTags, Instant at) {
        return new SubnetPool(id, name, description, projectId, ipVersion, prefixes, defaultPrefixlen, minPrefixlen,
                maxPrefixlen, isDefault, shared, defaultQuota, List.copyOf(newTags), createdAt, updatedAt,
                revisionNumber).revised(at);
    }
}
