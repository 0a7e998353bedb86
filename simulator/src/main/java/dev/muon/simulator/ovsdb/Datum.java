package dev.muon.simulator.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Values of columns (RFC 7047 5.1) as rows hold them: a column of exactly one atom holds
 * the atom (Long, Double, Boolean, String, UUID), any other column an immutable sorted set
 * or map of atoms. Sorted immutable collections are small (two arrays) and compare by
 * content, which is what a thousand nodes of a thousand tunnel ports need. Strings are
 * interned: the same option keys and values recur on every row.
 */
final class Datum {
    private Datum() {
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Interner<String> STRINGS = Interners.newWeakInterner();

    /** Atoms of one column are all of one Comparable class. */
    @SuppressWarnings("unchecked")
    static final java.util.Comparator<Object> ORDER = (a, b) -> ((Comparable<Object>) a).compareTo(b);

    /** Resolves the uuid-name of a row the transaction inserts; null when names are not allowed here. */
    interface Names {
        UUID resolve(String name);
    }

    /**
     * What a column holds when nothing was written: as in ovsdb-server, as many default atoms
     * as the type's minimum, so a Port inserted without interfaces refers to the all-zero
     * uuid (and fails its commit as a reference to no row).
     */
    static Object defaultValue(ColumnType type) {
        Object key = type.key().type().defaultAtom();
        if (type.isMap()) {
            return type.min() == 0 ? ImmutableSortedMap.of()
                    : ImmutableSortedMap.orderedBy(ORDER).put(key, type.value().type().defaultAtom()).build();
        }
        if (type.isScalar()) {
            return key;
        }
        return type.min() == 0 ? ImmutableSortedSet.of() : ImmutableSortedSet.orderedBy(ORDER).add(key).build();
    }

    static Object fromJson(JsonNode json, ColumnType type, Names names) {
        Object value;
        if (type.isMap()) {
            value = map(json, type, names);
        } else {
            List<Object> atoms = atoms(json, type.key(), names);
            value = type.isScalar() && atoms.size() == 1 ? atoms.get(0) : ImmutableSortedSet.copyOf(ORDER, atoms);
        }
        long n = size(value);
        if (n < type.min() || n > type.max()) {
            throw new OvsdbError("syntax error", "a value of " + n + " elements where " + type.min() + " to "
                    + (type.max() == Long.MAX_VALUE ? "unlimited" : type.max()) + " are allowed: " + json);
        }
        return value;
    }

    /** A set (["set", [...]]) or a lone atom, as a list of atoms. */
    static List<Object> atoms(JsonNode json, BaseType type, Names names) {
        List<Object> out = new ArrayList<>();
        if (isTagged(json, "set")) {
            for (JsonNode a : json.get(1)) {
                out.add(atom(a, type, names));
            }
        } else {
            out.add(atom(json, type, names));
        }
        return out;
    }

    private static ImmutableSortedMap<Object, Object> map(JsonNode json, ColumnType type, Names names) {
        if (!isTagged(json, "map")) {
            throw new OvsdbError("syntax error", "expected a map: " + json);
        }
        ImmutableSortedMap.Builder<Object, Object> map = new ImmutableSortedMap.Builder<>(ORDER);
        java.util.Set<Object> keys = new java.util.HashSet<>();
        for (JsonNode pair : json.get(1)) {
            if (!pair.isArray() || pair.size() != 2) {
                throw new OvsdbError("syntax error", "a map pair must be [key, value]: " + pair);
            }
            Object key = atom(pair.get(0), type.key(), names);
            if (!keys.add(key)) {
                throw new OvsdbError("syntax error", "map contains duplicate key: " + pair.get(0));
            }
            map.put(key, atom(pair.get(1), type.value(), names));
        }
        return map.build();
    }

    static Object atom(JsonNode json, BaseType type, Names names) {
        Object atom = switch (type.type()) {
            case INTEGER -> json.isIntegralNumber() ? json.asLong() : null;
            case REAL -> json.isNumber() ? json.asDouble() : null;
            case BOOLEAN -> json.isBoolean() ? json.asBoolean() : null;
            case STRING -> json.isTextual() ? STRINGS.intern(json.asText()) : null;
            case UUID -> uuid(json, names);
        };
        if (atom == null) {
            throw new OvsdbError("syntax error", "expected " + type.type().name().toLowerCase() + ": " + json);
        }
        type.check(atom);
        return atom;
    }

    private static UUID uuid(JsonNode json, Names names) {
        if (isTagged(json, "uuid") && json.get(1).isTextual()) {
            try {
                return UUID.fromString(json.get(1).asText());
            } catch (IllegalArgumentException e) {
                throw new OvsdbError("syntax error", "bad uuid " + json);
            }
        }
        if (isTagged(json, "named-uuid") && json.get(1).isTextual()) {
            UUID uuid = names == null ? null : names.resolve(json.get(1).asText());
            if (uuid == null) {
                throw new OvsdbError("syntax error", "unknown named-uuid " + json.get(1).asText());
            }
            return uuid;
        }
        return null;
    }

    private static boolean isTagged(JsonNode json, String tag) {
        return json.isArray() && json.size() == 2 && tag.equals(json.get(0).asText(null));
    }

    /** The value as ovsdb-server writes it: a one-element set as its atom, maps always tagged. */
    static JsonNode toJson(Object value, ColumnType type) {
        if (value instanceof Map<?, ?> map) {
            ArrayNode pairs = JSON.arrayNode(map.size());
            map.forEach((k, v) -> pairs.add(JSON.arrayNode(2).add(atomJson(k)).add(atomJson(v))));
            return JSON.arrayNode(2).add("map").add(pairs);
        }
        if (value instanceof Collection<?> set) {
            if (set.size() == 1) {
                return atomJson(set.iterator().next());
            }
            ArrayNode atoms = JSON.arrayNode(set.size());
            set.forEach(a -> atoms.add(atomJson(a)));
            return JSON.arrayNode(2).add("set").add(atoms);
        }
        return atomJson(value);
    }

    static JsonNode atomJson(Object atom) {
        if (atom instanceof Long n) {
            return JSON.numberNode(n);
        } else if (atom instanceof Double d) {
            return JSON.numberNode(d);
        } else if (atom instanceof Boolean b) {
            return JSON.booleanNode(b);
        } else if (atom instanceof UUID u) {
            return JSON.arrayNode(2).add("uuid").add(u.toString());
        }
        return JSON.textNode((String) atom);
    }

    static long size(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.size();
        }
        return value instanceof Collection<?> set ? set.size() : 1;
    }

    /** Calls {@code each} with the table and uuid of every reference the value holds. */
    static void references(Object value, ColumnType type, boolean strong, BiConsumer<String, UUID> each) {
        BaseType key = type.key();
        BaseType val = type.value();
        boolean keys = key.isReference() && key.strong() == strong;
        boolean vals = val != null && val.isReference() && val.strong() == strong;
        if (!keys && !vals) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (keys) {
                    each.accept(key.refTable(), (UUID) k);
                }
                if (vals) {
                    each.accept(val.refTable(), (UUID) v);
                }
            });
        } else if (value instanceof Collection<?> set) {
            set.forEach(a -> each.accept(key.refTable(), (UUID) a));
        } else {
            each.accept(key.refTable(), (UUID) value);
        }
    }

    /**
     * The value without its weak references to rows that do not exist, or null when it has
     * none (the value is fine as it is).
     */
    static Object withoutDangling(Object value, ColumnType type, java.util.function.BiPredicate<String, UUID> exists) {
        BaseType key = type.key();
        BaseType val = type.value();
        boolean keys = key.isReference() && !key.strong();
        boolean vals = val != null && val.isReference() && !val.strong();
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> kept = new java.util.TreeMap<>(ORDER);
            map.forEach((k, v) -> {
                if ((!keys || exists.test(key.refTable(), (UUID) k)) && (!vals || exists.test(val.refTable(), (UUID) v))) {
                    kept.put(k, v);
                }
            });
            return kept.size() == map.size() ? null : ImmutableSortedMap.copyOf(kept, ORDER);
        }
        if (keys && value instanceof Collection<?> set) {
            List<Object> kept = new ArrayList<>();
            set.stream().filter(a -> exists.test(key.refTable(), (UUID) a)).forEach(kept::add);
            return kept.size() == set.size() ? null : ImmutableSortedSet.copyOf(ORDER, kept);
        }
        return null;
    }

    /**
     * How the strong references of a column change from {@code before} to {@code after}
     * (either may be null: no row): +1 per reference gained, -1 per reference lost. Sets are
     * compared by a merge of their sorted elements, so unchanged references cost no map entry.
     */
    static Map<UUID, Integer> referenceChange(Object before, Object after, ColumnType type) {
        Map<UUID, Integer> change = new java.util.HashMap<>();
        if (type.isMap() || !(before == null || before instanceof Collection) || !(after == null || after instanceof Collection)) {
            // maps and scalars: count every reference of both sides
            if (before != null) {
                references(before, type, true, (t, u) -> change.merge(u, -1, Integer::sum));
            }
            if (after != null) {
                references(after, type, true, (t, u) -> change.merge(u, 1, Integer::sum));
            }
            change.values().removeIf(n -> n == 0);
            return change;
        }
        if (!type.key().isReference() || !type.key().strong()) {
            return change;
        }
        java.util.Iterator<?> a = before == null ? java.util.Collections.emptyIterator() : ((Collection<?>) before).iterator();
        java.util.Iterator<?> b = after == null ? java.util.Collections.emptyIterator() : ((Collection<?>) after).iterator();
        Object x = a.hasNext() ? a.next() : null;
        Object y = b.hasNext() ? b.next() : null;
        while (x != null || y != null) {
            int cmp = x == null ? 1 : y == null ? -1 : ORDER.compare(x, y);
            if (cmp == 0) {
                x = a.hasNext() ? a.next() : null;
                y = b.hasNext() ? b.next() : null;
            } else if (cmp < 0) {
                change.put((UUID) x, -1);
                x = a.hasNext() ? a.next() : null;
            } else {
                change.put((UUID) y, 1);
                y = b.hasNext() ? b.next() : null;
            }
        }
        return change;
    }

    /** The table a reference of the column points into (for a map, whichever side holds it). */
    static String refTable(ColumnType type, UUID uuid, Object before, Object after) {
        if (type.value() != null && type.value().isReference() && !type.key().isReference()) {
            return type.value().refTable();
        }
        if (type.value() != null && type.value().isReference() && type.key().isReference()) {
            for (Object v : new Object[] {before, after}) {
                if (v instanceof Map<?, ?> m && m.containsKey(uuid)) {
                    return type.key().refTable();
                }
            }
            return type.value().refTable();
        }
        return type.key().refTable();
    }

    /** True when the value has any reference, strong or weak. */
    static boolean hasReferences(ColumnType type) {
        return type.key().isReference() || (type.value() != null && type.value().isReference());
    }
}
