package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.SecurityGroup;
import dev.muon.pipeline.model.SecurityGroupRule;

/** Security group ⇄ Neutron JSON (security-group and stateful-security-group extensions). */
final class SecurityGroupJson {
    static final String RESOURCE = "security_group";
    static final String COLLECTION = "security-groups";
    /** The collection's key in a list body: Neutron writes it with an underscore. */
    static final String BODY_COLLECTION = "security_groups";

    static final AttributeSpec ATTRIBUTES = AttributeSpec.builder(RESOURCE)
            .readOnly("id", "security_group_rules", "shared", "created_at", "updated_at", "revision_number")
            .create("project_id", "tenant_id", "tags")
            .createUpdate("name", "description", "stateful")
            .build();

    static final CrudResource.Shape<SecurityGroupView, SecurityGroupRequest> SHAPE = new CrudResource.Shape<>(
            RESOURCE, COLLECTION, BODY_COLLECTION, ATTRIBUTES, SecurityGroupJson::render, SecurityGroupJson::parse);

    private SecurityGroupJson() {
    }

    static ObjectNode render(SecurityGroupView view) {
        SecurityGroup g = view.group();
        ObjectNode node = Json.object();
        node.put("id", g.id());
        node.put("name", g.name());
        node.put("description", g.description());
        node.put("stateful", g.stateful());
        node.put("shared", view.shared());
        ArrayNode rules = node.putArray("security_group_rules");
        for (SecurityGroupRule r : view.rules()) {
            rules.add(SecurityGroupRuleJson.render(r));
        }
        Json.standardAttributes(node, g.projectId(), g.createdAt(), g.updatedAt(), g.revisionNumber(), g.tags());
        return node;
    }

    static SecurityGroupRequest parse(ObjectNode body, Operation operation, RequestContext ctx) {
        AttributeReader r = AttributeReader.of(body, ATTRIBUTES, operation, ctx);
        return new SecurityGroupRequest(
                r.string("name"),
                r.string("description"),
                operation == Operation.CREATE ? ProjectIds.resolve(r) : null,
                r.bool("stateful"),
                r.tags());
    }
}
