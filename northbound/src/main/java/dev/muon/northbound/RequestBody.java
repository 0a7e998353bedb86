package dev.muon.northbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** Extracts the resource object from a body shaped like {@code {"network": {...}}}. */
final class RequestBody {
    private RequestBody() {
    }

    /** The whole body, which must be a JSON object (action bodies such as {"subnet_id": ...}). */
    static ObjectNode object(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new NeutronException(400, "MalformedRequestBody",
                    "Malformed request body: " + Excerpt.of(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new NeutronException(400, "MalformedRequestBody",
                    "Malformed request body: the body must be a JSON object");
        }
        return (ObjectNode) root;
    }

    static ObjectNode resource(String body, String resource) {
        return unwrap(object(body), resource);
    }

    /** The object under {@code resource} in {@code root}, which must hold nothing else. */
    private static ObjectNode unwrap(ObjectNode root, String resource) {
        JsonNode item = root.get(resource);
        if (item == null) {
            throw NeutronException.badRequest("Unable to find '" + resource + "' in request body");
        }
        if (!item.isObject()) {
            throw NeutronException.badRequest("Invalid input for " + resource + ". Reason: '" + Excerpt.of(item)
                    + "' is not a dictionary.");
        }
        if (root.size() > 1) {
            throw NeutronException.badRequest("Unrecognized attribute(s) '"
                    + Excerpt.of(String.join(", ", otherKeys(root, resource))) + "'");
        }
        return (ObjectNode) item;
    }

    /**
     * The resources of a bulk create, {@code {"ports": [{...}, ...]}}, each item bare or, as
     * Neutron also takes them, wrapped ({@code {"ports": [{"port": {...}}]}}); null when the body
     * is not a bulk create.
     */
    static List<ObjectNode> bulk(String body, String collection, String resource) {
        ObjectNode root = object(body);
        JsonNode items = root.get(collection);
        if (items == null || root.size() > 1) {
            return null;
        }
        if (!items.isArray() || items.isEmpty()) {
            throw NeutronException.badRequest("Resources required");
        }
        List<ObjectNode> list = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isObject()) {
                throw NeutronException.badRequest("Invalid input for " + collection + ". Reason: '"
                        + Excerpt.of(item) + "' is not a dictionary.");
            }
            list.add(item.has(resource) ? unwrap((ObjectNode) item, resource) : (ObjectNode) item);
        }
        return list;
    }

    private static Iterable<String> otherKeys(JsonNode root, String resource) {
        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(k -> {
            if (!k.equals(resource)) {
                keys.add(k);
            }
        });
        return keys;
    }
}
