package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One Neutron API extension Muon implements, as GET /v2.0/extensions lists it (Neutron's own texts). */
record Extension(String alias, String name, String description, String updated) {

    ObjectNode render() {
        ObjectNode node = Json.object();
        node.put("alias", alias);
        node.put("name", name);
        node.put("description", description);
        node.put("updated", updated);
        node.putArray("links");
        return node;
    }
}
