package dev.muon.pipeline.model;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * A Neutron subnet pool: prefixes (CIDRs of one IP version) that subnets are carved from,
 * with the prefix lengths a subnet may have. {@code isDefault} marks the pool that
 * {@code use_default_subnetpool} and auto-allocation take for its IP version;
 * {@code addressScopeId} the address scope it belongs to, or null.
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
        long revisionNumber,
        String addressScopeId) implements Tagged<SubnetPool> {

    public SubnetPool {
        prefixes = List.copyOf(prefixes);
        tags = Tagged.canonical(tags);
    }

    /** A pool in no address scope. */
    public SubnetPool(String id, String name, String description, String projectId, int ipVersion,
                      List<String> prefixes, int defaultPrefixlen, int minPrefixlen, int maxPrefixlen,
                      boolean isDefault, boolean shared, Integer defaultQuota, List<String> tags, Instant createdAt,
                      Instant updatedAt, long revisionNumber) {
        this(id, name, description, projectId, ipVersion, prefixes, defaultPrefixlen, minPrefixlen, maxPrefixlen,
                isDefault, shared, defaultQuota, tags, createdAt, updatedAt, revisionNumber, null);
    }

    /** A copy with {@code shared} as given (it follows the pool's wildcard RBAC policy), not yet stamped. */
    public SubnetPool withShared(boolean newShared) {
        return new SubnetPool(id, name, description, projectId, ipVersion, prefixes, defaultPrefixlen, minPrefixlen,
                maxPrefixlen, isDefault, newShared, defaultQuota, tags, createdAt, updatedAt, revisionNumber,
                addressScopeId);
    }

    /** A copy stamped as changed at {@code at}: updated_at set and revision_number bumped. */
    public SubnetPool revised(Instant at) {
        return new SubnetPool(id, name, description, projectId, ipVersion, prefixes, defaultPrefixlen, minPrefixlen,
                maxPrefixlen, isDefault, shared, defaultQuota, tags, createdAt, at, revisionNumber + 1, addressScopeId);
    }

    @Override
    public SubnetPool withTags(Collection<String> newTags, Instant at) {
        return new SubnetPool(id, name, description, projectId, ipVersion, prefixes, defaultPrefixlen, minPrefixlen,
                maxPrefixlen, isDefault, shared, defaultQuota, List.copyOf(newTags), createdAt, updatedAt,
                revisionNumber, addressScopeId).revised(at);
    }
}
