package dev.muon.northbound;

/**
 * A security group rule as a client sent it (rules are created and deleted, never updated);
 * {@code protocol} is the name or number as given, "any" or null for any protocol.
 */
public record SecurityGroupRuleRequest(
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
        String remoteAddressGroupId) {

    /** A request without a remote address group. */
    public SecurityGroupRuleRequest(String securityGroupId, String projectId, String description, String direction,
                                    String ethertype, String protocol, Integer portRangeMin, Integer portRangeMax,
                                    String remoteIpPrefix, String remoteGroupId) {
        this(securityGroupId, projectId, description, direction, ethertype, protocol, portRangeMin, portRangeMax,
                remoteIpPrefix, remoteGroupId, null);
    }

    public static SecurityGroupRuleRequest ingress(String securityGroupId, String protocol, Integer min, Integer max,
                                                   String remoteIpPrefix) {
        return new SecurityGroupRuleRequest(securityGroupId, null, null, "ingress", null, protocol, min, max,
                remoteIpPrefix, null);
    }
}
