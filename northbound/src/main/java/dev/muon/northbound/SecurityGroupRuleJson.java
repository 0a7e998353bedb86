package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.SecurityGroupRule;

/** Security group rule ⇄ Neutron JSON. */
final class SecurityGroupRuleJson {
    static final String RESOURCE = "security_group_rule";
    static final String COLLECTION = "security-group-rules";
    static final String BODY_COLLECTION = "security_group_rules";

    static final AttributeSpec ATTRIBUTES = AttributeSpec.builder(RESOURCE)
            .readOnly("id", "created_at", "updated_at", "revision_number", "normalized_cidr")
            .create("project_id", "tenant_id", "security_group_id", "direction", "ethertype", "protocol",
                    "port_range_min", "port_range_max", "remote_ip_prefix", "remote_group_id",
                    "remote_address_group_id", "description")
            .build();

    private SecurityGroupRuleJson() {
    }

    static final CrudResource.Shape<SecurityGroupRule, SecurityGroupRuleRequest> SHAPE = new CrudResource.Shape<>(
            RESOURCE, COLLECTION, BODY_COLLECTION, ATTRIBUTES, SecurityGroupRuleJson::render,
            SecurityGroupRuleJson::parse);

    static ObjectNode render(SecurityGroupRule r) {
        ObjectNode node = Json.object();
        node.put("id", r.id());
        node.put("security_group_id", r.securityGroupId());
        node.put("description", r.description());
        node.put("direction", r.direction());
        node.put("ethertype", r.ethertype());
        node.put("protocol", r.protocol());
        Json.putNullable(node, "port_range_min", r.portRangeMin());
        Json.putNullable(node, "port_range_max", r.portRangeMax());
        node.put("remote_ip_prefix", r.remoteIpPrefix());
        node.put("normalized_cidr", r.remoteIpPrefix());
        node.put("remote_group_id", r.remoteGroupId());
        node.put("remote_address_group_id", r.remoteAddressGroupId());
        node.put("project_id", r.projectId());
        node.put("tenant_id", r.projectId());
        node.put("created_at", Json.timestamp(r.createdAt()));
        node.put("updated_at", Json.timestamp(r.updatedAt()));
        node.put("revision_number", r.revisionNumber());
        return node;
    }

    static SecurityGroupRuleRequest parse(ObjectNode body, Operation operation, RequestContext ctx) {
        AttributeReader r = AttributeReader.of(body, ATTRIBUTES, operation, ctx);
        return new SecurityGroupRuleRequest(
                r.uuid("security_group_id"),
                operation == Operation.CREATE ? ProjectIds.resolve(r) : null,
                r.string("description"),
                r.string("direction"),
                r.stringOrAbsent("ethertype"),
                r.stringOrNumber("protocol"),
                r.integerOrAbsent("port_range_min"),
                r.integerOrAbsent("port_range_max"),
                r.stringOrAbsent("remote_ip_prefix"),
                r.stringOrAbsent("remote_group_id"),
                r.stringOrAbsent("remote_address_group_id"));
    }
}
