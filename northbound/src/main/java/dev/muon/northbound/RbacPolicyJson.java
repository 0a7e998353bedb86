package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.RbacPolicy;

/** RBAC policy ⇄ Neutron JSON (rbac-policies extension): the target is shown as target_tenant. */
final class RbacPolicyJson {
    static final String RESOURCE = "rbac_policy";
    static final String COLLECTION = "rbac-policies";
    /** The collection's key in a list body: Neutron writes it with an underscore. */
    static final String BODY_COLLECTION = "rbac_policies";

    static final AttributeSpec ATTRIBUTES = AttributeSpec.builder(RESOURCE)
            .readOnly("id")
            .create("project_id", "tenant_id", "object_type", "object_id", "action")
            .createUpdate("target_tenant")
            .build();

    static final CrudResource.Shape<RbacPolicy, RbacPolicyRequest> SHAPE = new CrudResource.Shape<>(
            RESOURCE, COLLECTION, BODY_COLLECTION, ATTRIBUTES, RbacPolicyJson::render, RbacPolicyJson::parse);

    private RbacPolicyJson() {
    }

    static ObjectNode render(RbacPolicy p) {
        ObjectNode node = Json.object();
        node.put("id", p.id());
        node.put("project_id", p.projectId());
        node.put("tenant_id", p.projectId());
        node.put("object_type", p.objectType());
        node.put("object_id", p.objectId());
        node.put("action", p.action());
        node.put("target_tenant", p.targetProject());
        return node;
    }

    static RbacPolicyRequest parse(ObjectNode body, Operation operation, RequestContext ctx) {
        AttributeReader r = AttributeReader.of(body, ATTRIBUTES, operation, ctx);
        boolean create = operation == Operation.CREATE;
        return new RbacPolicyRequest(
                create ? ProjectIds.resolve(r) : null,
                r.string("object_type"),
                r.uuid("object_id"),
                r.string("action"),
                r.string("target_tenant"));
    }
}
