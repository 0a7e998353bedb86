package dev.muon.pipeline.model;

import java.time.Instant;
import java.util.List;

/**
 * A Neutron address group: a named set of CIDRs (IPv4 and IPv6 mixed) that security group rules
 * name as their remote end ({@code remote_address_group_id}). {@code addresses} are normalized
 * (network address, prefix always given: {@code 192.168.0.0/24}), each once, sorted.
 */
public record AddressGroup(
        String id,
        String name,
        String description,
        String projectId,
        List<String> addresses,
        Instant createdAt,
        Instant updatedAt,
        long revisionNumber) {

    public AddressGroup {
        addresses = addresses == null ? List.of() : List.copyOf(addresses.stream().distinct().sorted().toList());
    }

    /** A copy stamped as changed at {@code at}: updated_at set and revision_number bumped. */
    public AddressGroup revised(Instant at) {
        return new AddressGroup(id, name, description, projectId, addresses, createdAt, at, revisionNumber + 1);
    }
}
