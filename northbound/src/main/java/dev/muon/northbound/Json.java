package dev.muon.northbound;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The one ObjectMapper of the northbound and the small value renderings Neutron fixes. It reads
 * a body strictly: text after the JSON value, or a key given twice in one object, make the body
 * malformed rather than silently ignored or last-one-wins.
 */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Neutron shows timestamps to the second, UTC, with a 'Z': 2024-01-31T12:00:00Z. */
    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The standard attributes every Neutron resource carries (project, timestamps, revision, tags). */
    static void standardAttributes(ObjectNode node, String projectId, Instant createdAt, Instant updatedAt,
                                   long revisionNumber, List<String> tags) {
        node.put("project_id", projectId);
        node.put("tenant_id", projectId);
        node.put("created_at", timestamp(createdAt));
        node.put("updated_at", timestamp(updatedAt));
        node.put("revision_number", revisionNumber);
        ArrayNode t = node.putArray("tags");
        tags.forEach(t::add);
    }

    /** A string or JSON null. */
    static void putNullable(ObjectNode node, String name, Integer value) {
        if (value == null) {
            node.putNull(name);
        } else {
            node.put(name, value);
        }
    }
}
