package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.SubnetPool;

/**
 * Subnet pool ⇄ Neutron JSON. Neutron shows the three prefix lengths as strings
 * ("default_prefixlen": "24"), and so does Muon: clients parse what Neutron sends.
 */
final class SubnetPoolJson {
    static final String RESOURCE = "subnetpool";
    static final String COLLECTION = "subnetpools";

    static final AttributeSpec ATTRIBUTES = AttributeSpec.builder(RESOURCE)
            .readOnly("id", "ip_version", "created_at", "updated_at", "revision_number")
            .create("project_id", "tenant_id", "shared", "tags")
            .createUpdate("name", "description", "prefixes", "default_prefixlen", "min_prefixlen", "max_prefixlen",
                    "is_default", "default_quota", "address_scope_id")
            .adminWrite("shared", "is_default")
            .build();

    static final CrudResource.Shape<SubnetPool, SubnetPoolRequest> SHAPE =
            new CrudResource.Shape<>(RESOURCE, COLLECTION, ATTRIBUTES, SubnetPoolJson::render, SubnetPoolJson::parse);

    private SubnetPoolJson() {
    }

    static ObjectNode render(SubnetPool p) {
        ObjectNode node = Json.object();
        node.put("id", p.id());
        node.put("name", p.name());
        node.put("description", p.description());
        node.put("ip_version", p.ipVersion());
        ArrayNode prefixes = node.putArray("prefixes");
        p.prefixes().forEach(prefixes::add);
        node.put("default_prefixlen", Integer.toString(p.defaultPrefixlen()));
        node.put("min_prefixlen", Integer.toString(p.minPrefixlen()));
        node.put("max_prefixlen", Integer.toString(p.maxPrefixlen()));
        node.put("is_default", p.isDefault());
        node.put("shared", p.shared());
        Json.putNullable(node, "default_quota", p.defaultQuota());
        if (p.addressScopeId() == null) {
            node.putNull("address_scope_id");
        } else {
            node.put("address_scope_id", p.addressScopeId());
        }
        Json.standardAttributes(node, p.projectId(), p.createdAt(), p.updatedAt(), p.revisionNumber(), p.tags());
        return node;
    }

    /** address_scope_id: a UUID, "" for JSON null (no scope), null when not sent. */
    private static String addressScope(AttributeReader r) {
        java.util.Optional<String> v = r.nullableUuid("address_scope_id");
        return v == null ? null : v.orElse("");
    }

    static SubnetPoolRequest parse(ObjectNode body, Operation operation, RequestContext ctx) {
        AttributeReader r = AttributeReader.of(body, ATTRIBUTES, operation, ctx);
        return new SubnetPoolRequest(
                r.string("name"),
                r.string("description"),
                operation == Operation.CREATE ? ProjectIds.resolve(r) : null,
                r.strings("prefixes"),
                r.integerOrAbsent("default_prefixlen"),
                r.integerOrAbsent("min_prefixlen"),
                r.integerOrAbsent("max_prefixlen"),
                r.bool("is_default"),
                r.bool("shared"),
                r.integerOrAbsent("default_quota"),
                addressScope(r),
                r.tags());
    }
}
