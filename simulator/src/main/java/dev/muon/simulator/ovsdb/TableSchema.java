package dev.muon.simulator.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table of the schema. A table that is not root keeps only the rows something strongly
 * refers to: the others are garbage-collected at commit (RFC 7047 3.2, isRoot).
 */
final class TableSchema {

    private final String name;
    private final boolean root;
    private final long maxRows;
    private final Map<String, ColumnSchema> columns;
    private final List<List<ColumnSchema>> indexes;

    private TableSchema(String name, boolean root, long maxRows, Map<String, ColumnSchema> columns,
                        List<List<ColumnSchema>> indexes) {
        this.name = name;
        this.root = root;
        this.maxRows = maxRows;
        this.columns = Collections.unmodifiableMap(columns);
        this.indexes = List.copyOf(indexes);
    }

    static TableSchema parse(String name, JsonNode json, boolean rootByDefault) {
        Map<String, ColumnSchema> columns = new LinkedHashMap<>();
        json.get("columns").fields().forEachRemaining(e -> {
            JsonNode c = e.getValue();
            columns.put(e.getKey(), new ColumnSchema(e.getKey(), columns.size(), ColumnType.parse(c.get("type")),
                    c.path("mutable").asBoolean(true), c.path("ephemeral").asBoolean(false)));
        });
        List<List<ColumnSchema>> indexes = new ArrayList<>();
        for (JsonNode index : json.path("indexes")) {
            List<ColumnSchema> cols = new ArrayList<>();
            index.forEach(c -> cols.add(columns.get(c.asText())));
            indexes.add(List.copyOf(cols));
        }
        boolean root = json.has("isRoot") ? json.get("isRoot").asBoolean() : rootByDefault;
        return new TableSchema(name, root, json.path("maxRows").asLong(Long.MAX_VALUE), columns, indexes);
    }

    String name() {
        return name;
    }

    boolean isRoot() {
        return root;
    }

    long maxRows() {
        return maxRows;
    }

    Map<String, ColumnSchema> columns() {
        return columns;
    }

    /** The column, or the "unknown column" error ovsdb-server gives. */
    ColumnSchema column(String column) {
        ColumnSchema c = columns.get(column);
        if (c == null) {
            throw new OvsdbError("unknown column", "No column " + column + " in table " + name + ".");
        }
        return c;
    }

    List<List<ColumnSchema>> indexes() {
        return indexes;
    }

    @Override
    public String toString() {
        return name;
    }
}
