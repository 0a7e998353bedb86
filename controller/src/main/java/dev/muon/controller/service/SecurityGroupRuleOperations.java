package dev.muon.controller.service;

import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.NeutronException;
import dev.muon.northbound.RequestContext;
import dev.muon.northbound.SecurityGroupRuleRequest;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.SecurityGroup;
import dev.muon.pipeline.model.SecurityGroupRule;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Security group rules, validated as Neutron does (in its order, with its messages): direction,
 * ethertype, protocol, port range (a TCP/UDP/SCTP/DCCP/UDP-Lite range, or ICMP type and code;
 * the full range 1-65535 is stored as no range), remote prefix of the rule's IP version, one
 * remote at most (a prefix, a group or an address group), groups and address groups that exist,
 * and no duplicate of a rule already in the group.
 */
final class SecurityGroupRuleOperations implements ResourceOperations<SecurityGroupRule, SecurityGroupRuleRequest> {
    private final ServiceConfig config;
    private final Clock clock;

    SecurityGroupRuleOperations(ServiceConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Result<SecurityGroupRule> create(NetworkModel model, RequestContext ctx, SecurityGroupRuleRequest r) {
        if (r.securityGroupId() == null) {
            throw ServiceErrors.required("security_group_id");
        }
        if (r.direction() == null) {
            throw ServiceErrors.required("direction");
        }
        if (!r.direction().equals(SecurityGroupOperations.INGRESS)
                && !r.direction().equals(SecurityGroupOperations.EGRESS)) {
            throw ServiceErrors.invalidAttribute("direction", "'" + r.direction() + "' is not in ['ingress', 'egress']");
        }
        String ethertype = ethertype(r.ethertype());
        String protocol = RuleProtocols.canonicalForEthertype(RuleProtocols.convert(r.protocol()), ethertype);
        Integer min = port(r.portRangeMin());
        Integer max = port(r.portRangeMax());
        if (min != null && max != null && min == 1 && max == 65535) {
            min = null;
            max = null;
        }
        checkPortRange(protocol, ethertype, min, max);
        String prefix = remotePrefix(r.remoteIpPrefix(), ethertype);
        if (RuleProtocols.ipv6Only(protocol) && ethertype.equals("IPv4")) {
            throw ServiceErrors.invalid("SecurityGroupEthertypeConflictWithProtocol",
                    "Invalid ethertype " + ethertype + " for protocol " + protocol + ".");
        }
        int remotes = (prefix != null ? 1 : 0) + (r.remoteGroupId() != null ? 1 : 0)
                + (r.remoteAddressGroupId() != null ? 1 : 0);
        if (remotes > 1) {
            throw ServiceErrors.invalid("SecurityGroupMultipleRemoteEntites", "Only one of remote_ip_prefix or "
                    + "remote_group_id or remote_address_group_id may be provided.");
        }
        if (r.remoteGroupId() != null) {
            Policies.SECURITY_GROUPS.find(model, ctx, r.remoteGroupId());
        }
        if (r.remoteAddressGroupId() != null) {
            AddressGroupOperations.RULES.find(model, ctx, r.remoteAddressGroupId());
        }
        SecurityGroup group = Policies.SECURITY_GROUPS.find(model, ctx, r.securityGroupId());
        String projectId = Policies.owner(ctx, r.projectId(), "security_group_rule", config);
        Instant now = clock.instant();
        SecurityGroupRule rule = new SecurityGroupRule(UUID.randomUUID().toString(), group.id(), projectId,
                NetworkOperations.orEmpty(r.description()), r.direction(), ethertype, protocol, min, max, prefix,
                r.remoteGroupId(), now, now, 0, r.remoteAddressGroupId());
        for (SecurityGroupRule existing : SecurityGroupOperations.rulesOf(model, group.id())) {
            if (SecurityGroupOperations.sameRule(existing, rule)) {
                throw NeutronException.conflict("SecurityGroupRuleExists",
                        "Security group rule already exists. Rule id is " + existing.id() + ".");
            }
        }
        NetworkModel next = model.with(ResourceKind.SECURITY_GROUP_RULE, rule)
                .with(ResourceKind.SECURITY_GROUP, group.revised(now));
        return Result.of(next, rule);
    }

    /** Rules are created and deleted; Neutron has no update for them. */
    @Override
    public Result<SecurityGroupRule> update(NetworkModel model, RequestContext ctx, SecurityGroupRule current,
                                            SecurityGroupRuleRequest changes) {
        throw new NeutronException(405, "HTTPMethodNotAllowed", "Security group rules cannot be updated.");
    }

    @Override
    public Result<Void> delete(NetworkModel model, RequestContext ctx, SecurityGroupRule rule) {
        NetworkModel without = model.without(ResourceKind.SECURITY_GROUP_RULE, rule.id());
        NetworkModel next = model.get(ResourceKind.SECURITY_GROUP, rule.securityGroupId())
                .map(g -> without.with(ResourceKind.SECURITY_GROUP, g.revised(clock.instant())))
                .orElse(without);
        return Result.of(next, null);
    }

    private static String ethertype(String value) {
        if (value == null) {
            return "IPv4";
        }
        for (String known : new String[] {"IPv4", "IPv6"}) {
            if (known.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
                return known;
            }
        }
        throw ServiceErrors.invalid("SecurityGroupRuleInvalidEtherType", "Security group rule for ethertype '"
                + value + "' not supported. Allowed values are ['IPv4', 'IPv6'].");
    }

    private static Integer port(Integer value) {
        if (value != null && (value < 0 || value > 65535)) {
            throw ServiceErrors.invalid("SecurityGroupInvalidPortValue", "Invalid value for port " + value);
        }
        return value;
    }

    private static void checkPortRange(String protocol, String ethertype, Integer min, Integer max) {
        if (min == null && max == null) {
            return;
        }
        if (protocol == null) {
            throw ServiceErrors.invalid("SecurityGroupProtocolRequiredWithPorts",
                    "Must also specify protocol if port range is given.");
        }
        int number = RuleProtocols.number(protocol, ethertype);
        if (RuleProtocols.WITH_PORTS.contains(number)) {
            if (Integer.valueOf(0).equals(min) || Integer.valueOf(0).equals(max)) {
                throw ServiceErrors.invalid("SecurityGroupInvalidPortValue", "Invalid value for port 0");
            }
            if (min == null || max == null || min > max) {
                throw ServiceErrors.invalid("SecurityGroupInvalidPortRange",
                        "For TCP/UDP protocols, port_range_min must be <= port_range_max");
            }
        } else if (RuleProtocols.ICMP.contains(number)) {
            checkIcmp("type", "port_range_min", min);
            checkIcmp("code", "port_range_max", max);
            if (min == null) {
                throw ServiceErrors.invalid("SecurityGroupMissingIcmpType", "ICMP code (port-range-max) " + max
                        + " is provided but ICMP type (port-range-min) is missing.");
            }
        } else {
            throw ServiceErrors.invalid("SecurityGroupInvalidProtocolForPort", "Ports cannot be specified for "
                    + "protocol " + number + ". Ports are only supported for DCCP, SCTP, TCP, UDP, UDPLITE.");
        }
    }

    private static void checkIcmp(String field, String attribute, Integer value) {
        if (value != null && (value < 0 || value > 255)) {
            throw ServiceErrors.invalid("SecurityGroupInvalidIcmpValue", "Invalid value for ICMP " + field + " ("
                    + attribute + ") " + value + ". It must be 0 to 255.");
        }
    }

    /** The prefix in network form (an address alone is a host prefix), of the rule's IP version. */
    private static String remotePrefix(String value, String ethertype) {
        if (value == null) {
            return null;
        }
        String text = value.contains("/") ? value
                : IpAddresses.isAddress(value) ? value + "/" + IpAddresses.bits(IpAddresses.version(IpAddresses.parse(value)))
                : value;
        Cidr cidr;
        try {
            cidr = Cidr.parseLoose(text);
        } catch (IllegalArgumentException e) {
            throw ServiceErrors.invalid("InvalidCIDR", "Invalid CIDR " + value + " given as IP prefix.");
        }
        if (!ethertype.equals("IPv" + cidr.version())) {
            throw ServiceErrors.invalid("SecurityGroupRuleParameterConflict", "Conflicting value ethertype "
                    + ethertype + " for CIDR " + value);
        }
        return cidr.toString();
    }
}
