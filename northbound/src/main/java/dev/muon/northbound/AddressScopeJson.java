package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.AddressScope;

/** Address scope ⇄ Neutron JSON (address-scope extension): Neutron gives it no standard attributes. */
final class AddressScopeJson {
    static final String RESOURCE = "address_scope";
    static final String COLLECTION = "address-scopes";
    /** The collection's key in a list body: Neutron writes it with an underscore. */
    static final String BODY_COLLECTION = "address_scopes";

    static final AttributeSpec ATTRIBUTES = AttributeSpec.builder(RESOURCE)
            .readOnly("id")
            .create("project_id", "tenant_id", "ip_version")
            .createUpdate("name", "shared")
            .adminWrite("shared")
            .build();

    static final CrudResource.Shape<AddressScope, AddressScopeRequest> SHAPE = new CrudResource.Shape<>(
            RESOURCE, COLLECTION, BODY_COLLECTION, ATTRIBUTES, AddressScopeJson::render, AddressScopeJson::parse);

    private AddressScopeJson() {
    }

    static ObjectNode render(AddressScope a) {
        ObjectNode node = Json.object();
        node.put("id", a.id());
        node.put("name", a.name());
        node.put("ip_version", a.ipVersion());
        node.put("shared", a.shared());
        node.put("project_id", a.projectId());
        node.put("tenant_id", a.projectId());
        return node;
    }

    static AddressScopeRequest parse(ObjectNode body, Operation operation, RequestContext ctx) {
        AttributeReader r = AttributeReader.of(body, ATTRIBUTES, operation, ctx);
        return new AddressScopeRequest(
                r.string("name"),
                operation == Operation.CREATE ? ProjectIds.resolve(r) : null,
                r.integer("ip_version"),
                r.bool("shared"));
    }
}
