package dev.muon.simulator.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A column's type (RFC 7047 3.2): a key type, an optional value type (then it is a map),
 * and how many elements it holds. {@code max} is Long.MAX_VALUE for "unlimited".
 */
record ColumnType(BaseType key, BaseType value, long min, long max) {

    static ColumnType parse(JsonNode json) {
        if (json.isTextual()) {
            return new ColumnType(BaseType.parse(json), null, 1, 1);
        }
        BaseType key = BaseType.parse(json.get("key"));
        BaseType value = json.has("value") ? BaseType.parse(json.get("value")) : null;
        long min = json.path("min").asLong(1);
        JsonNode max = json.path("max");
        long maxCount = max.isTextual() && max.asText().equals("unlimited") ? Long.MAX_VALUE : max.asLong(1);
        return new ColumnType(key, value, min, maxCount);
    }

    boolean isMap() {
        return value != null;
    }

    /** Exactly one atom: held as the atom itself. Everything else is held as a set or map. */
    boolean isScalar() {
        return value == null && min == 1 && max == 1;
    }
}
