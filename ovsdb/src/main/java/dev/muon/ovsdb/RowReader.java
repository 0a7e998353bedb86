package dev.muon.ovsdb;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.onosproject.ovsdb.rfc.notation.Column;
import org.onosproject.ovsdb.rfc.notation.OvsdbMap;
import org.onosproject.ovsdb.rfc.notation.OvsdbSet;
import org.onosproject.ovsdb.rfc.notation.Row;
import org.onosproject.ovsdb.rfc.notation.Uuid;

/**
 * Typed reads of a row as ONOS's parser builds it: scalars as Java values, optional and
 * multi-valued columns as {@link OvsdbSet}, maps as {@link OvsdbMap}, references as
 * {@link Uuid}. A column the update left out reads as its empty default.
 */
final class RowReader {
    private RowReader() {
    }

    static String string(Row row, String column) {
        String s = optionalString(row, column);
        return s == null ? "" : s;
    }

    static String optionalString(Row row, String column) {
        Object data = data(row, column);
        if (data instanceof OvsdbSet set) {
            return set.set().isEmpty() ? null : set.set().iterator().next().toString();
        }
        return data == null ? null : data.toString();
    }

    static Integer optionalInt(Row row, String column) {
        Object data = data(row, column);
        if (data instanceof OvsdbSet set) {
            data = set.set().isEmpty() ? null : set.set().iterator().next();
        }
        return data instanceof Number n ? n.intValue() : null;
    }

    static Set<String> stringSet(Row row, String column) {
        Set<String> out = new LinkedHashSet<>();
        for (Object element : elements(data(row, column))) {
            out.add(element instanceof Uuid u ? u.value() : element.toString());
        }
        return out;
    }

    static Map<String, String> stringMap(Row row, String column) {
        Map<String, String> out = new LinkedHashMap<>();
        if (data(row, column) instanceof OvsdbMap map) {
            map.map().forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    private static Collection<?> elements(Object data) {
        if (data instanceof OvsdbSet set) {
            return set.set();
        }
        return data == null ? Set.of() : Set.of(data);
    }

    private static Object data(Row row, String column) {
        Column c = row.getColumn(column);
        return c == null ? null : c.data();
    }
}
