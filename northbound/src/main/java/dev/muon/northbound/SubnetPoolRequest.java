package dev.muon.northbound;

import java.util.List;

/**
 * The attributes a client sent in a subnet pool create or update; a null component was not sent.
 * {@code addressScopeId} "" means JSON null: no address scope.
 */
public record SubnetPoolRequest(
        String name,
        String description,
        String projectId,
        List<String> prefixes,
        Integer defaultPrefixlen,
        Integer minPrefixlen,
        Integer maxPrefixlen,
        Boolean isDefault,
        Boolean shared,
        Integer defaultQuota,
        String addressScopeId,
        List<String> tags) {

    public static SubnetPoolRequest of(String name, List<String> prefixes) {
        return new SubnetPoolRequest(name, null, null, prefixes, null, null, null, null, null, null, null, null);
    }
}
