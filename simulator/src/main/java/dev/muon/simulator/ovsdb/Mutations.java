package dev.muon.simulator.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The "mutations" of a mutate operation (RFC 7047 5.1): arithmetic on integer and real
 * columns, and insert/delete of set elements and map pairs. Map insert never overwrites a
 * key that is present, which is why clients delete a key before setting a new value.
 */
final class Mutations {
    private Mutations() {
    }

    static Row apply(TableSchema table, Row row, JsonNode mutations, Datum.Names names) {
        if (mutations == null || !mutations.isArray()) {
            throw new OvsdbError("syntax error", "\"mutations\" must be an array");
        }
        for (JsonNode m : mutations) {
            if (!m.isArray() || m.size() != 3) {
                throw new OvsdbError("syntax error", "a mutation is [column, mutator, value]: " + m);
            }
            ColumnSchema column = table.column(m.get(0).asText());
            if (!column.mutable()) {
                throw new OvsdbError("constraint violation", "Cannot mutate immutable column " + column.name()
                        + " in table " + table.name() + ".");
            }
            Object mutated = mutate(column, row.get(column), m.get(1).asText(), m.get(2), names);
            long n = Datum.size(mutated);
            ColumnType type = column.type();
            if (n < type.min() || n > type.max()) {
                throw new OvsdbError("constraint violation", "Attempted to store " + n + " elements in "
                        + column.name() + " where " + type.min() + " to " + type.max() + " are allowed.");
            }
            row = row.with(column, mutated);
        }
        return row;
    }

    private static Object mutate(ColumnSchema column, Object current, String mutator, JsonNode arg,
                                 Datum.Names names) {
        ColumnType type = column.type();
        ColumnType anySize = new ColumnType(type.key(), type.value(), 0, Long.MAX_VALUE);
        return switch (mutator) {
            case "+=", "-=", "*=", "/=", "%=" -> arithmetic(column, current, mutator, arg);
            case "insert" -> insert(current, Datum.fromJson(arg, anySize, names));
            case "delete" -> delete(current, arg, type, names);
            default -> throw new OvsdbError("syntax error", "unknown mutator " + mutator);
        };
    }

    private static Object insert(Object current, Object added) {
        if (current instanceof Map<?, ?> map) {
            ImmutableSortedMap.Builder<Object, Object> out = new ImmutableSortedMap.Builder<>(Datum.ORDER);
            out.putAll(map);
            ((Map<?, ?>) added).forEach((k, v) -> {
                if (!map.containsKey(k)) {
                    out.put(k, v);
                }
            });
            return out.build();
        }
        // the builder sorts an array that is mostly in order already: near linear for a big set
        Collection<?> set = (Collection<?>) current;
        ImmutableSortedSet.Builder<Object> out = ImmutableSortedSet.orderedBy(Datum.ORDER);
        out.addAll(set);
        out.addAll((Collection<?>) added);
        return out.build();
    }

    /** A map loses the keys of a set argument, or the pairs of a map argument that match exactly. */
    private static Object delete(Object current, JsonNode arg, ColumnType type, Datum.Names names) {
        if (current instanceof Map<?, ?> map) {
            TreeMap<Object, Object> out = newMap(map);
            boolean pairs = arg.isArray() && arg.size() == 2 && "map".equals(arg.get(0).asText(null));
            if (pairs) {
                Map<?, ?> gone = (Map<?, ?>) Datum.fromJson(arg, new ColumnType(type.key(), type.value(), 0,
                        Long.MAX_VALUE), names);
                gone.forEach(out::remove);
            } else {
                Datum.atoms(arg, type.key(), names).forEach(out::remove);
            }
            return ImmutableSortedMap.copyOfSorted(out);
        }
        Collection<?> gone = (Collection<?>) Datum.fromJson(arg, new ColumnType(type.key(), null, 0, Long.MAX_VALUE),
                names);
        ImmutableSortedSet.Builder<Object> out = ImmutableSortedSet.orderedBy(Datum.ORDER);
        for (Object a : (Collection<?>) current) {
            if (!gone.contains(a)) {
                out.add(a);
            }
        }
        return out.build();
    }

    private static Object arithmetic(ColumnSchema column, Object current, String mutator, JsonNode arg) {
        BaseType key = column.type().key();
        if (column.type().isMap() || (key.type() != AtomType.INTEGER && key.type() != AtomType.REAL)) {
            throw new OvsdbError("constraint violation", mutator + " on non-numeric column " + column.name());
        }
        BaseType unconstrained = new BaseType(key.type(), null, Long.MIN_VALUE, Long.MAX_VALUE, 0, Long.MAX_VALUE,
                null, true);
        Object operand = Datum.atom(arg, unconstrained, null);
        if (current instanceof Collection<?> set) {
            TreeSet<Object> out = new TreeSet<>(Datum.ORDER);
            for (Object a : set) {
                out.add(checked(key, apply(a, operand, mutator)));
            }
            return ImmutableSortedSet.copyOfSorted(out);
        }
        return checked(key, apply(current, operand, mutator));
    }

    private static Object checked(BaseType type, Object atom) {
        type.check(atom);
        return atom;
    }

    private static Object apply(Object a, Object b, String mutator) {
        if (a instanceof Long x) {
            long y = (Long) b;
            if (y == 0 && (mutator.equals("/=") || mutator.equals("%="))) {
                throw new OvsdbError("domain error", "Division by zero.");
            }
            return switch (mutator) {
                case "+=" -> x + y;
                case "-=" -> x - y;
                case "*=" -> x * y;
                case "/=" -> x / y;
                default -> x % y;
            };
        }
        double x = (Double) a;
        double y = (Double) b;
        return switch (mutator) {
            case "+=" -> x + y;
            case "-=" -> x - y;
            case "*=" -> x * y;
            case "/=" -> x / y;
            default -> throw new OvsdbError("constraint violation", "%= on a real column");
        };
    }

    private static TreeMap<Object, Object> newMap(Map<?, ?> map) {
        TreeMap<Object, Object> out = new TreeMap<>(Datum.ORDER);
        out.putAll(map);
        return out;
    }
}
