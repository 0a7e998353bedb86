package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.AddressGroup;

/** Address group ⇄ Neutron JSON (address-group extension). */
final class AddressGroupJson {
    static final String RESOURCE = "address_group";
    static final String COLLECTION = "address-groups";
    /** The collection's key in a list body: Neutron writes it with an underscore. */
    static final String BODY_COLLECTION = "address_groups";

    /** neutron-lib's LONG_DESCRIPTION_FIELD_SIZE: an address group's description may be longer than others'. */
    private static final int LONG_DESCRIPTION = 1024;

    static final AttributeSpec ATTRIBUTES = AttributeSpec.builder(RESOURCE)
            .readOnly("id", "created_at", "updated_at", "revision_number")
            .create("project_id", "tenant_id", "addresses")
            .createUpdate("name", "description")
            .build();

    static final CrudResource.Shape<AddressGroup, AddressGroupRequest> SHAPE = new CrudResource.Shape<>(
            RESOURCE, COLLECTION, BODY_COLLECTION, ATTRIBUTES, AddressGroupJson::render, AddressGroupJson::parse);

    private AddressGroupJson() {
    }

    static ObjectNode render(AddressGroup g) {
        ObjectNode node = Json.object();
        node.put("id", g.id());
        node.put("name", g.name());
        node.put("description", g.description());
        ArrayNode addresses = node.putArray("addresses");
        g.addresses().forEach(addresses::add);
        node.put("project_id", g.projectId());
        node.put("tenant_id", g.projectId());
        node.put("created_at", Json.timestamp(g.createdAt()));
        node.put("updated_at", Json.timestamp(g.updatedAt()));
        node.put("revision_number", g.revisionNumber());
        return node;
    }

    static AddressGroupRequest parse(ObjectNode body, Operation operation, RequestContext ctx) {
        AttributeReader r = AttributeReader.of(body, ATTRIBUTES, operation, ctx);
        return new AddressGroupRequest(
                r.string("name"),
                r.string("description", LONG_DESCRIPTION),
                operation == Operation.CREATE ? ProjectIds.resolve(r) : null,
                r.emptyIfNull("addresses", r::strings));
    }
}
