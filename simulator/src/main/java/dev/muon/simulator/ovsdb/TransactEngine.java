package dev.muon.simulator.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.HashMultiset;
import com.google.common.collect.Multiset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Executes the operations of a {@code transact} (RFC 7047 4.1.3 and 5.2) in one
 * {@link Transaction}. The result has one element per operation; the first that fails holds
 * its error, the ones after it null, and nothing is committed. When every operation
 * succeeds but the commit does not, the commit's error is one element more.
 */
final class TransactEngine {
    private TransactEngine() {
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    static ArrayNode execute(Database db, JsonNode params) {
        if (params == null || !params.isArray() || params.isEmpty()) {
            throw new OvsdbError("syntax error", "transact params must be [db-name, operation...]");
        }
        if (!db.schema().name().equals(params.get(0).asText())) {
            throw new OvsdbError("unknown database", "No database named " + params.get(0).asText() + ".");
        }
        ArrayNode results = JSON.arrayNode();
        Transaction txn = db.begin();
        for (int i = 1; i < params.size(); i++) {
            try {
                results.add(operation(txn, params.get(i)));
            } catch (OvsdbError e) {
                results.add(e.toJson());
                while (results.size() < params.size() - 1) {
                    results.addNull();
                }
                return results;
            }
        }
        try {
            txn.commit();
        } catch (OvsdbError e) {
            results.add(e.toJson());
        }
        return results;
    }

    private static JsonNode operation(Transaction txn, JsonNode op) {
        String name = op.path("op").asText("");
        return switch (name) {
            case "insert" -> insert(txn, op);
            case "select" -> select(txn, op);
            case "update" -> update(txn, op);
            case "mutate" -> mutate(txn, op);
            case "delete" -> delete(txn, op);
            case "wait" -> waitFor(txn, op);
            case "commit", "comment" -> JSON.objectNode();
            case "abort" -> throw new OvsdbError("aborted", "Aborted by request.");
            case "assert" -> throw new OvsdbError("not owner", "Locks are not simulated.");
            default -> throw new OvsdbError("syntax error", "No operation \"" + name + "\"");
        };
    }

    private static TableSchema table(Transaction txn, JsonNode op) {
        if (!op.path("table").isTextual()) {
            throw new OvsdbError("syntax error", "operation without a \"table\": " + op);
        }
        return txn.schema().table(op.get("table").asText());
    }

    private static JsonNode insert(Transaction txn, JsonNode op) {
        TableSchema table = table(txn, op);
        String uuidName = op.hasNonNull("uuid-name") ? op.get("uuid-name").asText() : null;
        UUID uuid = txn.declare(uuidName);
        if (op.hasNonNull("uuid")) {
            uuid = (UUID) Datum.atom(op.get("uuid"), uuidType(), null);
        }
        Row row = writeColumns(txn, table, new Row(uuid, table.columns().size()), op.get("row"), false);
        txn.insert(table, row);
        ObjectNode result = JSON.objectNode();
        result.set("uuid", Datum.atomJson(uuid));
        return result;
    }

    private static JsonNode select(Transaction txn, JsonNode op) {
        TableSchema table = table(txn, op);
        List<ColumnSchema> columns = columns(table, op.get("columns"));
        boolean withUuid = op.get("columns") == null || contains(op.get("columns"), Conditions.UUID_COLUMN);
        ArrayNode rows = JSON.arrayNode();
        for (Row row : txn.select(table, op.get("where"))) {
            ObjectNode json = JSON.objectNode();
            if (withUuid) {
                json.set(Conditions.UUID_COLUMN, Datum.atomJson(row.uuid()));
            }
            json.setAll(row.toJson(columns));
            rows.add(json);
        }
        ObjectNode result = JSON.objectNode();
        result.set("rows", rows);
        return result;
    }

    private static JsonNode update(Transaction txn, JsonNode op) {
        TableSchema table = table(txn, op);
        // parse (and so validate) the row even when nothing matches, as ovsdb-server does
        writeColumns(txn, table, new Row(UUID.randomUUID(), table.columns().size()), op.get("row"), true);
        List<Row> matched = txn.select(table, op.get("where"));
        for (Row row : matched) {
            txn.update(table, writeColumns(txn, table, row, op.get("row"), true));
        }
        return count(matched.size());
    }

    private static JsonNode mutate(Transaction txn, JsonNode op) {
        TableSchema table = table(txn, op);
        List<Row> matched = txn.select(table, op.get("where"));
        for (Row row : matched) {
            txn.update(table, Mutations.apply(table, row, op.get("mutations"), txn));
        }
        return count(matched.size());
    }

    private static JsonNode delete(Transaction txn, JsonNode op) {
        TableSchema table = table(txn, op);
        List<Row> matched = txn.select(table, op.get("where"));
        matched.forEach(row -> txn.delete(table, row.uuid()));
        return count(matched.size());
    }

    /** Only a wait already satisfied, or one with timeout 0, is simulated: nothing here blocks. */
    private static JsonNode waitFor(Transaction txn, JsonNode op) {
        TableSchema table = table(txn, op);
        List<ColumnSchema> columns = columns(table, op.get("columns"));
        Multiset<Map<String, Object>> actual = HashMultiset.create();
        for (Row row : txn.select(table, op.get("where"))) {
            actual.add(project(row, columns));
        }
        Multiset<Map<String, Object>> expected = HashMultiset.create();
        for (JsonNode r : op.path("rows")) {
            Row parsed = writeColumns(txn, table, new Row(UUID.randomUUID(), table.columns().size()), r, false);
            expected.add(project(parsed, columns));
        }
        boolean equal = actual.equals(expected);
        String until = op.path("until").asText();
        if (until.equals("==") == equal) {
            return JSON.objectNode();
        }
        if (op.path("timeout").asLong(Long.MAX_VALUE) == 0) {
            throw new OvsdbError("timed out", "\"wait\" timed out");
        }
        throw new OvsdbError("not supported", "a blocking \"wait\" is not simulated");
    }

    private static Map<String, Object> project(Row row, List<ColumnSchema> columns) {
        Map<String, Object> out = new HashMap<>();
        columns.forEach(c -> out.put(c.name(), row.get(c)));
        return out;
    }

    /** The row with the columns of {@code json} written: the row of an insert or update. */
    private static Row writeColumns(Transaction txn, TableSchema table, Row row, JsonNode json, boolean update) {
        if (json == null) {
            return row;
        }
        if (!json.isObject()) {
            throw new OvsdbError("syntax error", "a row must be a JSON object: " + json);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ColumnSchema column = table.column(e.getKey());
            if (update && !column.mutable()) {
                throw new OvsdbError("constraint violation", "Cannot update immutable column " + column.name()
                        + " in table " + table.name() + ".");
            }
            row = row.with(column, Datum.fromJson(e.getValue(), column.type(), txn));
        }
        return row;
    }

    private static List<ColumnSchema> columns(TableSchema table, JsonNode names) {
        if (names == null) {
            return List.copyOf(table.columns().values());
        }
        List<ColumnSchema> out = new ArrayList<>();
        for (JsonNode n : names) {
            if (!n.asText().equals(Conditions.UUID_COLUMN)) {
                out.add(table.column(n.asText()));
            }
        }
        return out;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode count(int n) {
        ObjectNode result = JSON.objectNode();
        result.put("count", n);
        return result;
    }

    private static BaseType uuidType() {
        return new BaseType(AtomType.UUID, null, Long.MIN_VALUE, Long.MAX_VALUE, 0, Long.MAX_VALUE, null, true);
    }
}
