package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One Neutron API extension Muon implements, as GET /v2.0/extensions lists it. */
record Extension(String alias, String name, String description) {
    private static final String UPDATED = "2024-01-01T00:00:00-00:00";

    ObjectNode render() {
        ObjectNode node = Json.object();
        node.put("alias", alias);
        node.put("name", name);
        node.put("description", description);
        node.put("updated", UPDATED);
        node.putArray("links");
        return node;
    }
}
