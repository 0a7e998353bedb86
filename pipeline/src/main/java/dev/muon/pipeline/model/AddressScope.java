package dev.muon.pipeline.model;

import java.time.Instant;

/**
 * A Neutron address scope: subnet pools of one IP version whose prefixes may not overlap, so
 * addresses in it are unique and routable without NAT. {@code shared} mirrors the wildcard
 * access_as_shared {@link RbacPolicy} (kept in step by the service). Neutron gives address
 * scopes no standard attributes; {@code createdAt} only orders them.
 */
public record AddressScope(
        String id,
        String name,
        String projectId,
        int ipVersion,
        boolean shared,
        Instant createdAt) {
}
