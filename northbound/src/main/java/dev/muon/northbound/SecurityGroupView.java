package dev.muon.northbound;

import dev.muon.pipeline.model.SecurityGroup;
import dev.muon.pipeline.model.SecurityGroupRule;

import java.util.List;

/** A security group as the API shows it: the model record with its rules. */
public record SecurityGroupView(SecurityGroup group, List<SecurityGroupRule> rules) {
    public SecurityGroupView {
        rules = List.copyOf(rules);
    }
}
