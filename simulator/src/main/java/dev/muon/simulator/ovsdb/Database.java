package dev.muon.simulator.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One node's database: the committed tables, and who hears of each commit (monitors, and
 * the node's ovs-vswitchd emulation). Not thread-safe: a node uses it on its event loop.
 */
public final class Database {

    private final DatabaseSchema schema;
    private final Map<TableSchema, Table> tables = new LinkedHashMap<>();
    private final Map<TableSchema, List<ColumnSchema>> referenceColumns = new LinkedHashMap<>();
    private final Map<TableSchema, List<ColumnSchema>> weakReferenceColumns = new LinkedHashMap<>();
    private final List<Consumer<List<RowChange>>> listeners = new ArrayList<>();

    private static volatile DatabaseSchema vswitch;

    /**
     * An empty Open_vSwitch database with the installed schema, read once per JVM: a
     * thousand nodes share one parsed schema.
     */
    public static Database openVswitch() {
        DatabaseSchema schema = vswitch;
        if (schema == null) {
            synchronized (Database.class) {
                if (vswitch == null) {
                    try {
                        vswitch = DatabaseSchema.read(DatabaseSchema.VSWITCH);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException("cannot read the Open_vSwitch schema "
                                + DatabaseSchema.VSWITCH + " (is openvswitch-common installed?)", e);
                    }
                }
                schema = vswitch;
            }
        }
        return new Database(schema);
    }

    Database(DatabaseSchema schema) {
        this.schema = schema;
        for (TableSchema t : schema.tables().values()) {
            tables.put(t, new Table(t));
            List<ColumnSchema> strong = new ArrayList<>();
            List<ColumnSchema> weak = new ArrayList<>();
            for (ColumnSchema c : t.columns().values()) {
                if (hasReference(c.type(), true)) {
                    strong.add(c);
                }
                if (hasReference(c.type(), false)) {
                    weak.add(c);
                }
            }
            referenceColumns.put(t, List.copyOf(strong));
            if (!weak.isEmpty()) {
                weakReferenceColumns.put(t, List.copyOf(weak));
            }
        }
    }

    private static boolean hasReference(ColumnType type, boolean strong) {
        BaseType v = type.value();
        return (type.key().isReference() && type.key().strong() == strong)
                || (v != null && v.isReference() && v.strong() == strong);
    }

    DatabaseSchema schema() {
        return schema;
    }

    Table table(TableSchema table) {
        return tables.get(table);
    }

    Table table(String name) {
        return tables.get(schema.table(name));
    }

    /** Columns holding strong references. */
    List<ColumnSchema> referenceColumns(TableSchema table) {
        return referenceColumns.get(table);
    }

    /** Tables with weak-reference columns, and those columns. */
    Map<TableSchema, List<ColumnSchema>> weakReferenceColumns() {
        return weakReferenceColumns;
    }

    Transaction begin() {
        return new Transaction(this);
    }

    /** Runs the operations of a transact request (its params: the database name, then operations). */
    public ArrayNode transact(JsonNode params) {
        return TransactEngine.execute(this, params);
    }

    /** Hears of every commit, after it is applied, in commit order. */
    void listen(Consumer<List<RowChange>> listener) {
        listeners.add(listener);
    }

    void unlisten(Consumer<List<RowChange>> listener) {
        listeners.remove(listener);
    }

    /** Applies a checked transaction: its rows, then the reference counts it changed. */
    List<RowChange> commit(Map<TableSchema, Map<UUID, Row>> written, Map<UUID, Transaction.RefDelta> refs) {
        List<RowChange> changes = new ArrayList<>();
        written.forEach((schemaTable, rows) -> {
            Table table = tables.get(schemaTable);
            rows.forEach((uuid, current) -> {
                Row old = table.get(uuid);
                if (old == current) {
                    return;
                }
                if (current != null) {
                    current.references = old == null ? 0 : old.references;
                }
                table.replace(old, current);
                changes.add(new RowChange(schemaTable, old, current));
            });
        });
        refs.forEach((uuid, d) -> {
            Row row = tables.get(d.table).get(uuid);
            if (row != null) {
                row.references += d.n;
            }
        });
        if (!changes.isEmpty()) {
            for (Consumer<List<RowChange>> l : List.copyOf(listeners)) {
                l.accept(changes);
            }
        }
        return changes;
    }
}
