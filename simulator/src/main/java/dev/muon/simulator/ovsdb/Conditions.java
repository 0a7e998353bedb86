package dev.muon.simulator.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** The "where" clauses of RFC 7047 5.1: a list of conditions, all of which a row must meet. */
final class Conditions {
    private Conditions() {
    }

    static final String UUID_COLUMN = "_uuid";
    private static final ColumnType UUID_TYPE = new ColumnType(
            new BaseType(AtomType.UUID, null, Long.MIN_VALUE, Long.MAX_VALUE, 0, Long.MAX_VALUE, null, true), null, 1, 1);

    /** The uuid a where clause names with a lone {@code ["_uuid", "==", uuid]}, else null. */
    static UUID singleUuid(JsonNode where, Datum.Names names) {
        if (where != null && where.size() == 1) {
            JsonNode c = where.get(0);
            if (c.isArray() && c.size() == 3 && UUID_COLUMN.equals(c.get(0).asText()) && "==".equals(c.get(1).asText())) {
                return (UUID) Datum.fromJson(c.get(2), UUID_TYPE, names);
            }
        }
        return null;
    }

    static Predicate<Row> parse(TableSchema table, JsonNode where, Datum.Names names) {
        if (where == null || !where.isArray()) {
            throw new OvsdbError("syntax error", "\"where\" must be an array of conditions");
        }
        List<Predicate<Row>> all = new ArrayList<>();
        for (JsonNode c : where) {
            all.add(condition(table, c, names));
        }
        return row -> {
            for (Predicate<Row> p : all) {
                if (!p.test(row)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Predicate<Row> condition(TableSchema table, JsonNode c, Datum.Names names) {
        if (!c.isArray() || c.size() != 3) {
            throw new OvsdbError("syntax error", "a condition is [column, function, value]: " + c);
        }
        String name = c.get(0).asText();
        String function = c.get(1).asText();
        java.util.function.Function<Row, Object> read;
        ColumnType type;
        if (name.equals(UUID_COLUMN)) {
            read = Row::uuid;
            type = UUID_TYPE;
        } else {
            ColumnSchema column = table.column(name);
            read = row -> row.get(column);
            type = column.type();
        }
        // the value may be any size: "includes" of one element in a set column, say
        ColumnType loose = new ColumnType(type.key(), type.value(), 0, Long.MAX_VALUE);
        Object value = Datum.fromJson(c.get(2), type.isScalar() ? type : loose, names);
        return switch (function) {
            case "==" -> row -> equal(read.apply(row), value);
            case "!=" -> row -> !equal(read.apply(row), value);
            case "includes" -> row -> includes(read.apply(row), value);
            case "excludes" -> row -> excludes(read.apply(row), value);
            case "<", "<=", ">", ">=" -> row -> compare(read.apply(row), value, function);
            default -> throw new OvsdbError("syntax error", "unknown function " + function);
        };
    }

    private static boolean equal(Object a, Object b) {
        return asCollectionOrSelf(a).equals(asCollectionOrSelf(b));
    }

    /** A one-element set equals its atom: an optional column compared to a bare atom. */
    private static Object asCollectionOrSelf(Object v) {
        if (v instanceof Collection<?> set && set.size() == 1) {
            return set.iterator().next();
        }
        return v;
    }

    private static boolean includes(Object column, Object value) {
        if (column instanceof Map<?, ?> map && value instanceof Map<?, ?> wanted) {
            return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(map.get(e.getKey())));
        }
        return elements(column).containsAll(elements(value));
    }

    private static boolean excludes(Object column, Object value) {
        if (column instanceof Map<?, ?> map && value instanceof Map<?, ?> wanted) {
            return wanted.entrySet().stream().noneMatch(e -> e.getValue().equals(map.get(e.getKey())));
        }
        Collection<?> have = elements(column);
        return elements(value).stream().noneMatch(have::contains);
    }

    private static Collection<?> elements(Object v) {
        return v instanceof Collection<?> c ? c : List.of(v);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean compare(Object column, Object value, String function) {
        Object a = asCollectionOrSelf(column);
        Object b = asCollectionOrSelf(value);
        if (!(a instanceof Comparable ca) || !(b instanceof Number) || a.getClass() != b.getClass()) {
            return false;
        }
        int cmp = ca.compareTo(b);
        return switch (function) {
            case "<" -> cmp < 0;
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0;
            default -> cmp >= 0;
        };
    }
}
