package dev.muon.simulator.ovsdb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.UUID;

/**
 * One row: its uuid and a value per column, indexed as in the {@link TableSchema}; a column
 * still at its default holds null, so a row costs little more than what was written to it.
 * Immutable except for the count of strong references to it, which the {@link Database}
 * keeps up to date at each commit to find garbage without scanning.
 */
final class Row {

    private final UUID uuid;
    private final Object[] values;
    /** Strong references to this row from committed rows; meaningful only once committed. */
    int references;

    Row(UUID uuid, int columns) {
        this(uuid, new Object[columns]);
    }

    private Row(UUID uuid, Object[] values) {
        this.uuid = uuid;
        this.values = values;
    }

    UUID uuid() {
        return uuid;
    }

    Object get(ColumnSchema column) {
        Object v = values[column.index()];
        return v != null ? v : Datum.defaultValue(column.type());
    }

    /** Whether the column was ever set to something other than its default. */
    boolean isDefault(ColumnSchema column) {
        return values[column.index()] == null;
    }

    /** A copy with one column changed; the reference count is not carried (commit sets it). */
    Row with(ColumnSchema column, Object value) {
        Object[] copy = Arrays.copyOf(values, values.length);
        copy[column.index()] = value.equals(Datum.defaultValue(column.type())) ? null : value;
        return new Row(uuid, copy);
    }

    /** The same values under another uuid. */
    Row withUuid(UUID other) {
        return new Row(other, Arrays.copyOf(values, values.length));
    }

    /** The columns as a JSON object, as select and monitor updates write a row. */
    ObjectNode toJson(Iterable<ColumnSchema> columns) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        for (ColumnSchema c : columns) {
            json.set(c.name(), Datum.toJson(get(c), c.type()));
        }
        return json;
    }

    @Override
    public String toString() {
        return "Row " + uuid + " " + Arrays.toString(values);
    }
}
