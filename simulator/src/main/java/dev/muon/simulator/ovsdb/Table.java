package dev.muon.simulator.ovsdb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The committed rows of one table, with a map per unique index from key to row so that a
 * commit checks uniqueness (and finds a port by name) without scanning.
 */
final class Table {

    private final TableSchema schema;
    private final Map<UUID, Row> rows = new HashMap<>();
    private final List<Map<Object, UUID>> indexes = new ArrayList<>();

    Table(TableSchema schema) {
        this.schema = schema;
        schema.indexes().forEach(i -> indexes.add(new HashMap<>()));
    }

    TableSchema schema() {
        return schema;
    }

    Row get(UUID uuid) {
        return rows.get(uuid);
    }

    Collection<Row> rows() {
        return Collections.unmodifiableCollection(rows.values());
    }

    int size() {
        return rows.size();
    }

    /** The row holding {@code key} in index {@code i}, or null. */
    UUID indexed(int i, Object key) {
        return indexes.get(i).get(key);
    }

    /** The key of a row in index {@code i}: the value itself for a one-column index. */
    static Object indexKey(List<ColumnSchema> columns, Row row) {
        if (columns.size() == 1) {
            return row.get(columns.get(0));
        }
        List<Object> key = new ArrayList<>(columns.size());
        columns.forEach(c -> key.add(row.get(c)));
        return key;
    }

    /** Replaces {@code old} by {@code replacement}; either may be null (insert, delete). */
    void replace(Row old, Row replacement) {
        for (int i = 0; i < indexes.size(); i++) {
            List<ColumnSchema> columns = schema.indexes().get(i);
            if (old != null) {
                indexes.get(i).remove(indexKey(columns, old), old.uuid());
            }
            if (replacement != null) {
                indexes.get(i).put(indexKey(columns, replacement), replacement.uuid());
            }
        }
        if (replacement == null) {
            rows.remove(old.uuid());
        } else {
            rows.put(replacement.uuid(), replacement);
        }
    }
}
