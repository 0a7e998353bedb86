package dev.muon.simulator.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code monitor} of a session (RFC 7047 4.1.5): which tables and columns it watches,
 * and which kinds of change. Writes the initial contents and, per commit, the table-updates
 * of its "update" notification: "new" holds every monitored column, "old" of a modify only
 * the columns that changed, and a row whose monitored columns did not change is left out.
 */
final class Monitor {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private record Watch(List<ColumnSchema> columns, boolean initial, boolean insert, boolean delete,
                         boolean modify) {
    }

    private final JsonNode id;
    private final Map<TableSchema, Watch> watches;

    private Monitor(JsonNode id, Map<TableSchema, Watch> watches) {
        this.id = id;
        this.watches = watches;
    }

    JsonNode id() {
        return id;
    }

    static Monitor parse(DatabaseSchema schema, JsonNode id, JsonNode requests) {
        if (requests == null || !requests.isObject()) {
            throw new OvsdbError("syntax error", "monitor-requests must be an object");
        }
        Map<TableSchema, Watch> watches = new LinkedHashMap<>();
        requests.fields().forEachRemaining(e -> {
            TableSchema table = schema.table(e.getKey());
            // a table may be given one request or an array of them; they are merged
            List<JsonNode> list = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(list::add);
            } else {
                list.add(e.getValue());
            }
            List<ColumnSchema> columns = new ArrayList<>();
            boolean initial = false;
            boolean insert = false;
            boolean delete = false;
            boolean modify = false;
            for (JsonNode r : list) {
                JsonNode names = r.get("columns");
                if (names == null) {
                    table.columns().values().stream().filter(c -> !columns.contains(c)).forEach(columns::add);
                } else {
                    for (JsonNode n : names) {
                        ColumnSchema c = table.column(n.asText());
                        if (!columns.contains(c)) {
                            columns.add(c);
                        }
                    }
                }
                JsonNode select = r.path("select");
                initial |= select.path("initial").asBoolean(true);
                insert |= select.path("insert").asBoolean(true);
                delete |= select.path("delete").asBoolean(true);
                modify |= select.path("modify").asBoolean(true);
            }
            watches.put(table, new Watch(List.copyOf(columns), initial, insert, delete, modify));
        });
        return new Monitor(id, watches);
    }

    /** The table-updates of the monitor's reply: every row of the watched tables, as inserts. */
    ObjectNode initial(Database db) {
        ObjectNode updates = JSON.objectNode();
        watches.forEach((table, watch) -> {
            if (!watch.initial()) {
                return;
            }
            ObjectNode rows = JSON.objectNode();
            for (Row row : db.table(table).rows()) {
                ObjectNode update = JSON.objectNode();
                update.set("new", row.toJson(watch.columns()));
                rows.set(row.uuid().toString(), update);
            }
            if (!rows.isEmpty()) {
                updates.set(table.name(), rows);
            }
        });
        return updates;
    }

    /** The table-updates of one commit, or null when it changed nothing this monitor watches. */
    ObjectNode update(List<RowChange> changes) {
        ObjectNode updates = null;
        for (RowChange change : changes) {
            Watch watch = watches.get(change.table());
            if (watch == null) {
                continue;
            }
            ObjectNode update = rowUpdate(watch, change);
            if (update == null) {
                continue;
            }
            if (updates == null) {
                updates = JSON.objectNode();
            }
            ObjectNode rows = updates.has(change.table().name()) ? (ObjectNode) updates.get(change.table().name())
                    : updates.putObject(change.table().name());
            Row row = change.current() != null ? change.current() : change.old();
            rows.set(row.uuid().toString(), update);
        }
        return updates;
    }

    private static ObjectNode rowUpdate(Watch watch, RowChange change) {
        ObjectNode update = JSON.objectNode();
        if (change.old() == null) {
            if (!watch.insert()) {
                return null;
            }
            update.set("new", change.current().toJson(watch.columns()));
        } else if (change.current() == null) {
            if (!watch.delete()) {
                return null;
            }
            update.set("old", change.old().toJson(watch.columns()));
        } else {
            if (!watch.modify()) {
                return null;
            }
            List<ColumnSchema> changed = new ArrayList<>();
            for (ColumnSchema c : watch.columns()) {
                if (!change.old().get(c).equals(change.current().get(c))) {
                    changed.add(c);
                }
            }
            if (changed.isEmpty()) {
                return null;
            }
            update.set("old", change.old().toJson(changed));
            update.set("new", change.current().toJson(watch.columns()));
        }
        return update;
    }
}
