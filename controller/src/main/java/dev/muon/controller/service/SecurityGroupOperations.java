package dev.muon.controller.service;

import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.RequestContext;
import dev.muon.northbound.SecurityGroupRequest;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.RbacPolicy;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.SecurityGroup;
import dev.muon.pipeline.model.SecurityGroupRule;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Security groups. Every project has one group named "default", created on its first use
 * (its first network, port, security group or security group listing) with Neutron's default
 * rules: egress anywhere over IPv4 and IPv6, ingress from members of the group itself. Other
 * groups start with the two egress rules.
 */
final class SecurityGroupOperations implements ResourceOperations<SecurityGroup, SecurityGroupRequest> {
    static final String EGRESS = "egress";
    static final String INGRESS = "ingress";

    private final ServiceConfig config;
    private final Clock clock;

    SecurityGroupOperations(ServiceConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The project's default group. */
    static Optional<SecurityGroup> defaultGroup(NetworkModel model, String projectId) {
        return model.all(ResourceKind.SECURITY_GROUP).values().stream()
                .filter(g -> g.isProjectDefault() && g.projectId().equals(projectId))
                .findFirst();
    }

    /** The model with {@code projectId}'s default group, created if missing; "" (service ports) has none. */
    NetworkModel ensureDefault(NetworkModel model, String projectId) {
        if (projectId == null || projectId.isEmpty() || defaultGroup(model, projectId).isPresent()) {
            return model;
        }
        Instant now = clock.instant();
        SecurityGroup group = new SecurityGroup(UUID.randomUUID().toString(), SecurityGroup.DEFAULT_NAME,
                "Default security group", projectId, true, List.of(), now, now, 1);
        NetworkModel next = model.with(ResourceKind.SECURITY_GROUP, group);
        for (String ethertype : List.of("IPv4", "IPv6")) {
            next = next.with(ResourceKind.SECURITY_GROUP_RULE, rule(group, EGRESS, ethertype, null, now));
            next = next.with(ResourceKind.SECURITY_GROUP_RULE, rule(group, INGRESS, ethertype, group.id(), now));
        }
        return next;
    }

    @Override
    public Result<SecurityGroup> create(NetworkModel model, RequestContext ctx, SecurityGroupRequest r) {
        String projectId = Policies.owner(ctx, r.projectId(), "security_group", config);
        String name = NetworkOperations.orEmpty(r.name());
        refuseDefaultName(name);
        NetworkModel next = ensureDefault(model, projectId);
        Instant now = clock.instant();
        SecurityGroup group = new SecurityGroup(UUID.randomUUID().toString(), name,
                NetworkOperations.orEmpty(r.description()), projectId, r.stateful() == null || r.stateful(),
                r.tags(), now, now, 1);
        next = next.with(ResourceKind.SECURITY_GROUP, group);
        for (String ethertype : List.of("IPv4", "IPv6")) {
            next = next.with(ResourceKind.SECURITY_GROUP_RULE, rule(group, EGRESS, ethertype, null, now));
        }
        return Result.of(next, group);
    }

    @Override
    public Result<SecurityGroup> update(NetworkModel model, RequestContext ctx, SecurityGroup g,
                                        SecurityGroupRequest r) {
        // Neutron, in its order: the attribute validator refuses the name "default"; update_security_group
        // refuses a change of statefulness while ports use the group (their flows would change kind),
        // then any name on the default group
        if (r.name() != null) {
            refuseDefaultName(r.name());
        }
        boolean stateful = r.stateful() == null ? g.stateful() : r.stateful();
        if (stateful != g.stateful() && !portsUsing(model, g.id()).isEmpty()) {
            throw ServiceErrors.securityGroupInUse(g.id());
        }
        if (r.name() != null && g.isProjectDefault()) {
            throw ServiceErrors.cannotUpdateDefaultGroup();
        }
        SecurityGroup updated = new SecurityGroup(g.id(), r.name() == null ? g.name() : r.name(),
                r.description() == null ? g.description() : r.description(), g.projectId(), stateful, g.tags(),
                g.createdAt(), g.updatedAt(), g.revisionNumber());
        if (updated.equals(g)) {
            return Result.unchanged(model, g);
        }
        updated = updated.revised(clock.instant());
        return Result.of(model.with(ResourceKind.SECURITY_GROUP, updated), updated);
    }

    /** Deletes the group with its rules and the rules of other groups that name it as their remote group. */
    @Override
    public Result<Void> delete(NetworkModel model, RequestContext ctx, SecurityGroup g) {
        if (!portsUsing(model, g.id()).isEmpty()) {
            throw ServiceErrors.securityGroupInUse(g.id());
        }
        if (g.isProjectDefault() && !ctx.isAdmin()) {
            throw ServiceErrors.cannotRemoveDefaultGroup();
        }
        NetworkModel next = SharedObjects.withoutPoliciesOn(model, RbacPolicy.SECURITY_GROUP, g.id())
                .without(ResourceKind.SECURITY_GROUP, g.id());
        for (SecurityGroupRule rule : model.all(ResourceKind.SECURITY_GROUP_RULE).values()) {
            if (rule.securityGroupId().equals(g.id()) || g.id().equals(rule.remoteGroupId())) {
                next = next.without(ResourceKind.SECURITY_GROUP_RULE, rule.id());
            }
        }
        return Result.of(next, null);
    }

    static List<SecurityGroupRule> rulesOf(NetworkModel model, String groupId) {
        return model.all(ResourceKind.SECURITY_GROUP_RULE).values().stream()
                .filter(r -> r.securityGroupId().equals(groupId))
                .sorted(java.util.Comparator.comparing(SecurityGroupRule::createdAt)
                        .thenComparing(SecurityGroupRule::id))
                .toList();
    }

    private static List<Port> portsUsing(NetworkModel model, String groupId) {
        return model.ports().values().stream().filter(p -> p.securityGroups().contains(groupId)).toList();
    }

    private static void refuseDefaultName(String name) {
        if (name.toLowerCase(Locale.ROOT).equals(SecurityGroup.DEFAULT_NAME)) {
            throw ServiceErrors.defaultGroupExists();
        }
    }

    private static SecurityGroupRule rule(SecurityGroup g, String direction, String ethertype, String remoteGroupId,
                                          Instant now) {
        return new SecurityGroupRule(UUID.randomUUID().toString(), g.id(), g.projectId(), "", direction, ethertype,
                null, null, null, null, remoteGroupId, now, now, 0);
    }

    static boolean sameRule(SecurityGroupRule a, SecurityGroupRule b) {
        return a.securityGroupId().equals(b.securityGroupId()) && a.direction().equals(b.direction())
                && a.ethertype().equals(b.ethertype())
                && Objects.equals(RuleProtocols.number(a.protocol(), a.ethertype()),
                        RuleProtocols.number(b.protocol(), b.ethertype()))
                && Objects.equals(a.portRangeMin(), b.portRangeMin()) && Objects.equals(a.portRangeMax(), b.portRangeMax())
                && Objects.equals(RuleProtocols.anyIsNull(a.remoteIpPrefix()), RuleProtocols.anyIsNull(b.remoteIpPrefix()))
                && Objects.equals(a.remoteGroupId(), b.remoteGroupId())
                && Objects.equals(a.remoteAddressGroupId(), b.remoteAddressGroupId());
    }
}
