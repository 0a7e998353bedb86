package dev.muon.simulator.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A database schema (RFC 7047 3.2), kept with its JSON text for get_schema. */
final class DatabaseSchema {

    /** Where Debian's openvswitch-common installs the Open_vSwitch schema. */
    static final Path VSWITCH = Path.of("/usr/share/openvswitch/vswitch.ovsschema");

    private final String name;
    private final String version;
    private final JsonNode json;
    private final Map<String, TableSchema> tables;

    private DatabaseSchema(JsonNode json) {
        this.json = json;
        this.name = json.get("name").asText();
        this.version = json.path("version").asText("");
        // RFC 7047: when no table says isRoot, every table is root
        boolean anyRoot = false;
        for (JsonNode t : json.get("tables")) {
            anyRoot |= t.has("isRoot");
        }
        boolean rootByDefault = !anyRoot;
        Map<String, TableSchema> parsed = new LinkedHashMap<>();
        json.get("tables").fields().forEachRemaining(e ->
                parsed.put(e.getKey(), TableSchema.parse(e.getKey(), e.getValue(), rootByDefault)));
        this.tables = Collections.unmodifiableMap(parsed);
    }

    static DatabaseSchema parse(JsonNode json) {
        return new DatabaseSchema(json);
    }

    static DatabaseSchema read(Path file) throws IOException {
        return new DatabaseSchema(new ObjectMapper().readTree(file.toFile()));
    }

    String name() {
        return name;
    }

    String version() {
        return version;
    }

    JsonNode json() {
        return json;
    }

    Map<String, TableSchema> tables() {
        return tables;
    }

    /** The table, or the "unknown table" error ovsdb-server gives. */
    TableSchema table(String table) {
        TableSchema t = tables.get(table);
        if (t == null) {
            throw new OvsdbError("unknown table", "No table named " + table + ".");
        }
        return t;
    }
}
