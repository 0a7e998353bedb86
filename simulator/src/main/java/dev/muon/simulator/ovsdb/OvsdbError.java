package dev.muon.simulator.ovsdb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An RFC 7047 error: a short tag ("constraint violation", ...) and details for people. */
final class OvsdbError extends RuntimeException {

    private final String error;

    OvsdbError(String error, String details) {
        super(details, null, false, false);
        this.error = error;
    }

    String error() {
        return error;
    }

    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("error", error);
        json.put("details", getMessage());
        return json;
    }
}
