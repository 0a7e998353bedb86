package dev.muon.controller.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Node allocations in the model database's {@code node_allocation} table (migration V2), one row
 * per allocation, through the store's connection. The table's keys do the conflict checks: an item
 * or a number taken twice in one pool is refused by the database, whoever wrote first.
 */
final class JdbcNodeAllocations implements NodeAllocations {
    private final JdbcPersistence database;

    JdbcNodeAllocations(JdbcPersistence database) {
        this.database = database;
    }

    @Override
    public Map<String, Long> read(String kind, String node) {
        return database.transaction("read the " + kind + " allocations of " + node, false, c -> {
            Map<String, Long> items = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT item, number FROM node_allocation WHERE kind = ? AND node = ?")) {
                ps.setString(1, kind);
                ps.setString(2, node);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return Map.copyOf(items);
        });
    }

    @Override
    public boolean isEmpty(String kind) {
        return database.transaction("read the " + kind + " allocations", false, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM node_allocation WHERE kind = ?")) {
                ps.setString(1, kind);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) == 0;
                }
            }
        });
    }

    @Override
    public void write(Collection<NodeAllocation> released, Collection<NodeAllocation> added) {
        if (released.isEmpty() && added.isEmpty()) {
            return;
        }
        database.transaction("write node allocations", true, c -> {
            // Releases first: a number freed here may be given to another item in the same write.
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM node_allocation WHERE kind = ? AND node = ? AND item = ? AND number = ?")) {
                for (NodeAllocation a : released) {
                    bind(ps, a);
                    if (ps.executeUpdate() != 1) {
                        throw new StoreConflictException(a + " is not in the database (released by another writer?)");
                    }
                }
            }
            // One statement per row rather than a batch: a refused row then reports SQLSTATE 23
            // itself on every driver, which is how a conflict is told from a failure.
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO node_allocation (kind, node, item, number) VALUES (?, ?, ?, ?)")) {
                for (NodeAllocation a : added) {
                    bind(ps, a);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    private static void bind(PreparedStatement ps, NodeAllocation a) throws SQLException {
        ps.setString(1, a.kind());
        ps.setString(2, a.node());
        ps.setString(3, a.item());
        ps.setLong(4, a.number());
    }
}
