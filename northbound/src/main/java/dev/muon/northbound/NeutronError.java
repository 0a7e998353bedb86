package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Neutron's error body: {@code {"NeutronError": {"type": ..., "message": ..., "detail": ""}}}. */
final class NeutronError {
    private NeutronError() {
    }

    static ObjectNode body(String type, String message) {
        ObjectNode root = Json.object();
        root.putObject("NeutronError")
                .put("type", type)
                .put("message", message)
                .put("detail", "");
        return root;
    }

    static ObjectNode body(NeutronException e) {
        return body(e.type(), e.getMessage());
    }
}
