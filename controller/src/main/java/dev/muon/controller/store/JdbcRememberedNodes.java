package dev.muon.controller.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muon.pipeline.node.NodeConfig;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Remembered nodes in the model database's {@code remembered_node} table (migration V3), one row
 * per node with its configuration as JSON, through the store's connection.
 */
final class JdbcRememberedNodes implements RememberedNodes {
    private final JdbcPersistence database;
    private final ObjectMapper json = ModelJson.mapper();

    JdbcRememberedNodes(JdbcPersistence database) {
        this.database = database;
    }

    @Override
    public Map<String, NodeConfig> load() {
        return database.transaction("read the remembered nodes", false, c -> {
            Map<String, NodeConfig> nodes = new TreeMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT hostname, config FROM remembered_node")) {
                while (rs.next()) {
                    nodes.put(rs.getString(1), parse(rs.getString(1), rs.getString(2)));
                }
            }
            return Map.copyOf(nodes);
        });
    }

    @Override
    public void save(Map<String, NodeConfig> changed, Set<String> forgotten) {
        if (changed.isEmpty() && forgotten.isEmpty()) {
            return;
        }
        try {
            write(changed, forgotten);
        } catch (StoreConflictException e) {
            // Another controller on the same database remembered the same node at the same moment:
            // its row is committed now, so deleting and inserting again goes through.
            write(changed, forgotten);
        }
    }

    private void write(Map<String, NodeConfig> changed, Set<String> forgotten) {
        database.transaction("save the remembered nodes", true, c -> {
            // Delete, then insert: an upsert both H2 and PostgreSQL read the same way.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM remembered_node WHERE hostname = ?")) {
                for (Set<String> hosts : List.of(changed.keySet(), forgotten)) {
                    for (String host : hosts) {
                        ps.setString(1, host);
                        ps.executeUpdate();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO remembered_node (hostname, config) VALUES (?, ?)")) {
                for (Map.Entry<String, NodeConfig> e : changed.entrySet()) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, body(e.getKey(), e.getValue()));
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    private NodeConfig parse(String host, String body) {
        try {
            return json.readValue(body, NodeConfig.class);
        } catch (JsonProcessingException e) {
            throw new StoreException("unreadable remembered node " + host + ": " + e.getOriginalMessage(), e);
        }
    }

    private String body(String host, NodeConfig config) {
        try {
            return json.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write the configuration of node " + host + " as JSON", e);
        }
    }
}
