package dev.muon.simulator.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The key or value type of a column: an atomic type with its constraints. Only the
 * constraints the Open_vSwitch schema uses are enforced: enums, integer ranges, string
 * lengths and references.
 *
 * @param enumeration allowed atoms, or null for any
 * @param refTable    the table a uuid refers to, or null for a plain uuid
 * @param strong      a strong reference (counted for garbage collection) rather than weak
 */
record BaseType(AtomType type, Set<Object> enumeration, long minInteger, long maxInteger,
                long minLength, long maxLength, String refTable, boolean strong) {

    static BaseType parse(JsonNode json) {
        if (json.isTextual()) {
            return new BaseType(AtomType.parse(json.asText()), null, Long.MIN_VALUE, Long.MAX_VALUE, 0,
                    Long.MAX_VALUE, null, true);
        }
        AtomType type = AtomType.parse(json.get("type").asText());
        Set<Object> enumeration = null;
        if (json.has("enum")) {
            BaseType plain = parse(json.get("type"));
            enumeration = Set.copyOf(Datum.atoms(json.get("enum"), plain, null));
        }
        return new BaseType(type, enumeration,
                json.path("minInteger").asLong(Long.MIN_VALUE), json.path("maxInteger").asLong(Long.MAX_VALUE),
                json.path("minLength").asLong(0), json.path("maxLength").asLong(Long.MAX_VALUE),
                json.hasNonNull("refTable") ? json.get("refTable").asText() : null,
                !"weak".equals(json.path("refType").asText("strong")));
    }

    boolean isReference() {
        return refTable != null;
    }

    /** Throws the error ovsdb-server gives for an atom outside this type's constraints. */
    void check(Object atom) {
        if (enumeration != null && !enumeration.contains(atom)) {
            throw new OvsdbError("constraint violation", atom + " is not one of the allowed values");
        }
        if (atom instanceof Long n && (n < minInteger || n > maxInteger)) {
            throw new OvsdbError("constraint violation", n + " is not in the valid range " + minInteger
                    + " to " + maxInteger + " (inclusive)");
        }
        if (atom instanceof String s && (s.length() < minLength || s.length() > maxLength)) {
            throw new OvsdbError("constraint violation", "\"" + s + "\" length " + s.length()
                    + " is outside the valid range");
        }
    }
}
