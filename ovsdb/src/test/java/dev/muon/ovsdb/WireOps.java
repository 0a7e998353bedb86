package dev.muon.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.pipeline.compile.DesiredState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.onosproject.ovsdb.rfc.schema.DatabaseSchema;

/** OVSDB operations as they go on the wire, for the diff tests to assert on. */
final class WireOps {
    private static final DatabaseSchema SCHEMA = new DatabaseSchema("Open_vSwitch", "8.3.1", Map.of());

    private WireOps() {
    }

    /** The operations that make {@code db} match {@code desired}, as JSON. */
    static List<JsonNode> ops(OvsdbSnapshot db, DesiredState desired) {
        List<JsonNode> out = new ArrayList<>();
        OvsdbDiff.operations(db, desired, SCHEMA).forEach(op -> out.add(JsonRpcCodec.MAPPER.valueToTree(op)));
        return out;
    }

    /** "insert Bridge", "mutate Open_vSwitch", ... one per operation. */
    static List<String> summary(List<JsonNode> ops) {
        return ops.stream().map(op -> op.get("op").asText() + " " + op.get("table").asText()).toList();
    }

    /** JSON written with single quotes, for readable expectations. */
    static JsonNode json(String text) {
        try {
            return JsonRpcCodec.MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
