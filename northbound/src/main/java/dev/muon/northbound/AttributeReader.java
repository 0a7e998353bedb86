package dev.muon.northbound;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Typed reads of one JSON object's attributes. Absent attributes read as null; a value of the
 * wrong JSON type fails with Neutron's "Invalid input for X. Reason: ..." (400). Like Neutron's
 * converters, booleans and integers are also accepted in their string forms, and nothing else:
 * no integer is read as a boolean, no fraction or out-of-range number as an integer.
 */
final class AttributeReader {
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");
    private static final int MAX_STRING = 255;
    /** Longer than any int's decimal form with sign and some spaces: not worth parsing. */
    private static final int MAX_INTEGER_TEXT = 20;

    private final ObjectNode object;
    private final String context;

    /** @param context the attribute this object is an element of, for messages; null at the top level */
    private AttributeReader(ObjectNode object, String context) {
        this.object = object;
        this.context = context;
    }

    /** A reader over a resource body, after checking its attributes against the resource's spec and the caller. */
    static AttributeReader of(ObjectNode body, AttributeSpec spec, Operation operation, RequestContext ctx) {
        spec.check(() -> body.fieldNames(), operation, ctx);
        return new AttributeReader(body, null);
    }

    /** A reader over a bare object, such as an action's body ({@code {"subnet_id": ...}}). */
    static AttributeReader over(ObjectNode object) {
        return new AttributeReader(object, null);
    }

    boolean has(String name) {
        return object.has(name);
    }

    /** A UUID that may be JSON null: null if absent, empty if null. */
    Optional<String> nullableUuid(String name) {
        JsonNode v = object.get(name);
        if (v == null) {
            return null;
        }
        return v.isNull() ? Optional.empty() : Optional.of(uuid(name));
    }

    /** A UUID where JSON null means the same as not sending it. */
    String uuidOrAbsent(String name) {
        Optional<String> v = nullableUuid(name);
        return v == null ? null : v.orElse(null);
    }

    /** A string given as a JSON string or number (a protocol "tcp" or 6), as its text. */
    String stringOrNumber(String name) {
        JsonNode v = object.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        return string(name);
    }

    /**
     * A JSON object kept as plain Java values, of at most {@code maxJson} characters as JSON (it is
     * stored and shown with the resource); null if absent, empty if JSON null.
     */
    Map<String, Object> map(String name, int maxJson) {
        JsonNode v = object.get(name);
        if (v == null) {
            return null;
        }
        if (v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw invalid(name, describe(v) + " is not a dictionary");
        }
        if (v.toString().length() > maxJson) {
            throw invalid(name, describe(v) + " exceeds maximum length of " + maxJson);
        }
        return Json.MAPPER.convertValue(v, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /**
     * A nested object whose keys must be among {@code allowed}: null if absent, empty if JSON
     * null or {}, else a reader over it.
     */
    Optional<AttributeReader> nested(String name, Set<String> allowed) {
        JsonNode v = object.get(name);
        if (v == null) {
            return null;
        }
        if (v.isNull() || (v.isObject() && v.isEmpty())) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw invalid(name, describe(v) + " is not a dictionary");
        }
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw invalid(name, "Unrecognized attribute(s) '" + Excerpt.of(key) + "'");
            }
        }
        return Optional.of(new AttributeReader((ObjectNode) v, name));
    }

    String string(String name) {
        JsonNode v = object.get(name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalid(name, describe(v) + " is not a valid string");
        }
        return bounded(name, v.textValue(), MAX_STRING);
    }

    /** A string of at most {@code max} characters. */
    String string(String name, int max) {
        String v = string(name);
        return v == null ? null : bounded(name, v, max);
    }

    private String bounded(String name, String value, int max) {
        if (value.length() > max) {
            throw invalid(name, "'" + Excerpt.of(value) + "' exceeds maximum length of " + max);
        }
        return value;
    }

    /**
     * A project id: a non-blank string of at most 255 characters (Neutron's column). A blank id
     * would make a resource nobody's and everybody's at once.
     */
    String projectId(String name) {
        String v = string(name);
        if (v != null && v.isBlank()) {
            throw invalid(name, "'" + v + "' is not a valid project id");
        }
        return v;
    }

    /** A string that may be JSON null: null if absent, empty if null. */
    Optional<String> nullableString(String name) {
        JsonNode v = object.get(name);
        if (v == null) {
            return null;
        }
        return v.isNull() ? Optional.empty() : Optional.of(string(name));
    }

    /** A string where JSON null means the same as not sending it. */
    String stringOrAbsent(String name) {
        Optional<String> v = nullableString(name);
        return v == null ? null : v.orElse(null);
    }

    String uuid(String name) {
        String v = string(name);
        if (v != null && !UUID.matcher(v).matches()) {
            throw invalid(name, "'" + Excerpt.of(v) + "' is not a valid UUID");
        }
        return v;
    }

    /**
     * Exactly what neutron-lib's convert_to_boolean takes: a JSON boolean, the integers 0 and 1,
     * and the strings "true", "false" (any case), "1" and "0".
     */
    Boolean bool(String name) {
        JsonNode v = object.get(name);
        if (v == null) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        // isInt: not a long or a big integer whose low bits happen to be 0 or 1
        if (v.isInt() && (v.intValue() == 0 || v.intValue() == 1)) {
            return v.intValue() == 1;
        }
        if (v.isTextual()) {
            switch (v.textValue().toLowerCase(Locale.ROOT)) {
                case "true", "1" -> {
                    return true;
                }
                case "false", "0" -> {
                    return false;
                }
                default -> {
                }
            }
        }
        throw invalid(name, describe(v) + " cannot be converted to boolean");
    }

    /**
     * A 32-bit integer, as a JSON integer or its decimal string; a fraction, an exponent or a
     * value out of range is refused rather than rounded or wrapped.
     */
    Integer integer(String name) {
        JsonNode v = object.get(name);
        if (v == null) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isTextual() && v.textValue().length() <= MAX_INTEGER_TEXT) {
            try {
                return Integer.valueOf(v.textValue().trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw invalid(name, describe(v) + " is not an integer");
    }

    /** An integer where JSON null means the same as not sending it. */
    Integer integerOrAbsent(String name) {
        JsonNode v = object.get(name);
        return v == null || v.isNull() ? null : integer(name);
    }

    /**
     * Neutron's convert_none_to_empty_list: a list attribute sent as JSON null reads as the empty
     * list (clients clear extra routes with {@code "routes": null}); otherwise {@code read} reads it.
     */
    <T> List<T> emptyIfNull(String name, Function<String, List<T>> read) {
        JsonNode v = object.get(name);
        return v != null && v.isNull() ? List.of() : read.apply(name);
    }

    List<String> strings(String name) {
        return list(name, (element, index) -> {
            if (!element.isTextual()) {
                throw invalid(name, describe(element) + " is not a valid string");
            }
            return bounded(name, element.textValue(), MAX_STRING);
        });
    }

    /**
     * Neutron's uuid_list: a list of UUIDs, none twice ("Duplicate items in the list" comes
     * first, as Neutron checks it before the items).
     */
    List<String> uuids(String name) {
        List<String> values = strings(name);
        if (values == null) {
            return null;
        }
        Set<String> seen = new LinkedHashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (String v : values) {
            if (!seen.add(v)) {
                duplicates.add(v);
            }
        }
        if (!duplicates.isEmpty()) {
            throw invalid(name, "Duplicate items in the list: '" + Excerpt.of(String.join(", ", duplicates)) + "'");
        }
        for (String v : values) {
            if (!UUID.matcher(v).matches()) {
                throw invalid(name, "'" + Excerpt.of(v) + "' is not a valid UUID");
            }
        }
        return values;
    }

    /** Neutron's standard attribute "tags": a list of unique strings of at most 255 characters, at most 50. */
    List<String> tags() {
        List<String> tags = strings("tags");
        if (tags != null) {
            TagNames.check(tags, "tags");
        }
        return tags;
    }

    /**
     * A list of objects whose keys must be among {@code allowed} and include {@code required};
     * each element is converted by {@code convert}.
     */
    <T> List<T> objects(String name, Set<String> allowed, Set<String> required,
                        Function<AttributeReader, T> convert) {
        return list(name, (element, index) -> {
            if (!element.isObject()) {
                throw invalid(name, describe(element) + " is not a dictionary");
            }
            for (Iterator<String> it = element.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    throw invalid(name, "Unrecognized attribute(s) '" + Excerpt.of(key) + "'");
                }
            }
            for (String key : required) {
                if (!element.has(key)) {
                    throw invalid(name, "Key '" + key + "' is missing");
                }
            }
            return convert.apply(new AttributeReader((ObjectNode) element, name));
        });
    }

    private interface ElementReader<T> {
        T read(JsonNode element, int index);
    }

    private <T> List<T> list(String name, ElementReader<T> reader) {
        JsonNode v = object.get(name);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw invalid(name, describe(v) + " is not a list");
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(reader.read(v.get(i), i));
        }
        return out;
    }

    private NeutronException invalid(String name, String reason) {
        String attribute = context == null ? name : context;
        return NeutronException.badRequest("Invalid input for " + attribute + ". Reason: " + reason + ".");
    }

    /** The value as Neutron quotes it in a message, cut short: a client may send megabytes. */
    private static String describe(JsonNode v) {
        if (v.isNull()) {
            return "None";
        }
        return "'" + Excerpt.of(v.isTextual() ? v.textValue() : v.toString()) + "'";
    }
}
