package dev.muon.northbound;

import dev.muon.pipeline.model.SecurityGroup;
import dev.muon.pipeline.model.SecurityGroupRule;

import java.util.List;

/**
 * A security group as the API shows it: the model record with its rules, and whether an RBAC
 * policy shares it with the caller's project (Neutron's per-request {@code shared}).
 */
public record SecurityGroupView(SecurityGroup group, List<SecurityGroupRule> rules, boolean shared) {
    public SecurityGroupView {
        rules = List.copyOf(rules);
    }

    /** Shared with no one. */
    public SecurityGroupView(SecurityGroup group, List<SecurityGroupRule> rules) {
        this(group, rules, false);
    }
}
