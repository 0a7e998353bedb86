package dev.muon.pipeline.model;

import java.time.Instant;

/**
 * One rule of a security group: traffic in {@code direction} ("ingress"/"egress") of
 * {@code ethertype} ("IPv4"/"IPv6") is allowed when it matches every non-null field.
 * {@code protocol} is as the client gave it (a name such as "tcp" or a number such as "6");
 * for TCP/UDP/SCTP/DCCP/UDP-Lite the port range bounds destination ports, for ICMP
 * {@code portRangeMin}/{@code portRangeMax} are the ICMP type and code. The remote end is
 * {@code remoteIpPrefix}, the addresses of the ports in {@code remoteGroupId}, the CIDRs of the
 * address group {@code remoteAddressGroupId}, or anything.
 */
public record SecurityGroupRule(
        String id,
        String securityGroupId,
        String projectId,
        String description,
        String direction,
        String ethertype,
        String protocol,
        Integer portRangeMin,
        Integer portRangeMax,
        String remoteIpPrefix,
        String remoteGroupId,
        Instant createdAt,
        Instant updatedAt,
        long revisionNumber,
        String remoteAddressGroupId) {

    /** A rule without a remote address group (what rules were before address groups). */
    public SecurityGroupRule(String id, String securityGroupId, String projectId, String description, String direction,
                             String ethertype, String protocol, Integer portRangeMin, Integer portRangeMax,
                             String remoteIpPrefix, String remoteGroupId, Instant createdAt, Instant updatedAt,
                             long revisionNumber) {
        this(id, securityGroupId, projectId, description, direction, ethertype, protocol, portRangeMin, portRangeMax,
                remoteIpPrefix, remoteGroupId, createdAt, updatedAt, revisionNumber, null);
    }
}
