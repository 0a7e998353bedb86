package dev.muon.simulator.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The changes of one transaction on top of the committed database, checked and applied by
 * {@link #commit()} as ovsdb-server does: references must point at rows that exist, a row
 * still referenced cannot be deleted, rows of non-root tables that nothing references any
 * more are garbage-collected (with whatever only they referenced), dangling weak references
 * are dropped, and unique indexes, set sizes and row limits hold. Until then nothing is
 * visible outside; a transaction that fails leaves the database as it was.
 */
final class Transaction implements Datum.Names {

    private final Database db;
    /** Rows this transaction wrote, by table: the new row, or null once deleted. */
    private final Map<TableSchema, Map<UUID, Row>> written = new LinkedHashMap<>();
    private final Set<UUID> inserted = new HashSet<>();
    private final Map<UUID, TableSchema> deleted = new LinkedHashMap<>();
    private final Map<String, UUID> names = new HashMap<>();
    /** uuid-names an insert has claimed; the others were only referred to, so far. */
    private final Set<String> declared = new HashSet<>();

    /** Net change of the strong references to a row; its table, to find it again. */
    static final class RefDelta {
        final TableSchema table;
        int n;

        RefDelta(TableSchema table) {
            this.table = table;
        }
    }

    Transaction(Database db) {
        this.db = db;
    }

    /**
     * A uuid-name may be used before the insert that declares it, as ovsdb-server allows; a
     * name no insert declares refers to no row, which the commit refuses like any reference
     * to a row that does not exist.
     */
    @Override
    public UUID resolve(String name) {
        return names.computeIfAbsent(name, n -> UUID.randomUUID());
    }

    DatabaseSchema schema() {
        return db.schema();
    }

    /** The row as this transaction sees it, or null. */
    Row get(TableSchema table, UUID uuid) {
        Map<UUID, Row> w = written.get(table);
        if (w != null && w.containsKey(uuid)) {
            return w.get(uuid);
        }
        return db.table(table).get(uuid);
    }

    /** The rows a where clause matches, as this transaction sees them. */
    List<Row> select(TableSchema table, JsonNode where) {
        UUID single = Conditions.singleUuid(where, this);
        if (single != null) {
            Row row = get(table, single);
            return row == null ? List.of() : List.of(row);
        }
        Predicate<Row> matches = Conditions.parse(table, where, this);
        Map<UUID, Row> w = written.getOrDefault(table, Map.of());
        List<Row> out = new ArrayList<>();
        for (Row row : db.table(table).rows()) {
            if (!w.containsKey(row.uuid()) && matches.test(row)) {
                out.add(row);
            }
        }
        for (Row row : w.values()) {
            if (row != null && matches.test(row)) {
                out.add(row);
            }
        }
        return out;
    }

    /**
     * A fresh uuid for a row about to be inserted, registered under its uuid-name (if any)
     * before the row is read, so later operations (and the row itself) may refer to it.
     */
    UUID declare(String uuidName) {
        if (uuidName == null) {
            return UUID.randomUUID();
        }
        if (!declared.add(uuidName)) {
            throw new OvsdbError("duplicate uuid-name", "This \"uuid-name\" appeared on an earlier \"insert\" operation.");
        }
        return resolve(uuidName);
    }

    void insert(TableSchema table, Row row) {
        if (get(table, row.uuid()) != null) {
            throw new OvsdbError("duplicate uuid", "This UUID would duplicate a UUID already present: " + row.uuid());
        }
        inserted.add(row.uuid());
        put(table, row);
    }

    void update(TableSchema table, Row row) {
        put(table, row);
    }

    void delete(TableSchema table, UUID uuid) {
        put(table, uuid, null);
        if (!inserted.contains(uuid)) {
            deleted.put(uuid, table);
        }
    }

    private void put(TableSchema table, Row row) {
        put(table, row.uuid(), row);
    }

    private void put(TableSchema table, UUID uuid, Row row) {
        written.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(uuid, row);
    }

    /** Checks and applies the transaction; throws the RFC 7047 error of the first violation. */
    List<RowChange> commit() {
        Map<UUID, RefDelta> refs = countReferences();
        collectGarbage(refs);
        for (Map.Entry<UUID, TableSchema> d : deleted.entrySet()) {
            int remaining = references(d.getValue(), d.getKey(), refs);
            if (remaining > 0) {
                throw new OvsdbError("referential integrity violation", "cannot delete " + d.getValue().name()
                        + " row " + d.getKey() + " because of " + remaining + " remaining reference(s)");
            }
        }
        dropDanglingWeakReferences();
        for (Map.Entry<TableSchema, Map<UUID, Row>> t : written.entrySet()) {
            checkRows(t.getKey(), t.getValue());
        }
        return db.commit(written, refs);
    }

    /**
     * The change of strong references each written row makes; fails on a new reference to no
     * row. A column an update left alone (the same value object) changes nothing, and a
     * changed one only by what it gained and lost: adding one port to a bridge of a thousand
     * is not two thousand counts.
     */
    private Map<UUID, RefDelta> countReferences() {
        Map<UUID, RefDelta> refs = new HashMap<>();
        for (Map.Entry<TableSchema, Map<UUID, Row>> t : written.entrySet()) {
            TableSchema table = t.getKey();
            for (Map.Entry<UUID, Row> e : t.getValue().entrySet()) {
                Row old = db.table(table).get(e.getKey());
                Row current = e.getValue();
                for (ColumnSchema c : db.referenceColumns(table)) {
                    Object before = old == null ? null : old.get(c);
                    Object after = current == null ? null : current.get(c);
                    if (before == after) {
                        continue;
                    }
                    Map<UUID, Integer> change = Datum.referenceChange(before, after, c.type());
                    change.forEach((uuid, n) -> {
                        TableSchema target = db.schema().table(Datum.refTable(c.type(), uuid, before, after));
                        if (n > 0 && get(target, uuid) == null) {
                            throw new OvsdbError("referential integrity violation", "Table " + table.name()
                                    + " column " + c.name() + " row " + current.uuid() + " references nonexistent row "
                                    + uuid + " in table " + target.name() + ".");
                        }
                        delta(refs, target, uuid).n += n;
                    });
                }
            }
        }
        return refs;
    }

    /** Deletes the rows of non-root tables nothing refers to any more, and what only they referred to. */
    private void collectGarbage(Map<UUID, RefDelta> refs) {
        Deque<UUID> candidates = new ArrayDeque<>();
        Map<UUID, TableSchema> tables = new HashMap<>();
        refs.forEach((uuid, d) -> {
            if (d.n < 0 && !d.table.isRoot()) {
                candidates.add(uuid);
                tables.put(uuid, d.table);
            }
        });
        written.forEach((table, rows) -> {
            if (!table.isRoot()) {
                for (UUID uuid : rows.keySet()) {
                    if (inserted.contains(uuid)) {
                        candidates.add(uuid);
                        tables.put(uuid, table);
                    }
                }
            }
        });
        while (!candidates.isEmpty()) {
            UUID uuid = candidates.poll();
            TableSchema table = tables.get(uuid);
            Row row = get(table, uuid);
            if (row == null || references(table, uuid, refs) > 0) {
                continue;
            }
            put(table, uuid, null);
            strongReferences(table, row, (target, ref) -> {
                delta(refs, target, ref).n--;
                if (!target.isRoot()) {
                    candidates.add(ref);
                    tables.put(ref, target);
                }
            });
        }
    }

    /** Strong references to the row once this transaction commits. */
    private int references(TableSchema table, UUID uuid, Map<UUID, RefDelta> refs) {
        RefDelta d = refs.get(uuid);
        int n = d == null ? 0 : d.n;
        Row committed = db.table(table).get(uuid);
        return n + (committed == null ? 0 : committed.references);
    }

    private static RefDelta delta(Map<UUID, RefDelta> refs, TableSchema table, UUID uuid) {
        return refs.computeIfAbsent(uuid, u -> new RefDelta(table));
    }

    private void strongReferences(TableSchema table, Row row, java.util.function.BiConsumer<TableSchema, UUID> each) {
        for (ColumnSchema c : db.referenceColumns(table)) {
            // a default value may hold a reference too (the zero uuid of a set of at least one)
            if (!row.isDefault(c) || c.type().min() > 0) {
                Datum.references(row.get(c), c.type(), true, (t, uuid) -> each.accept(db.schema().table(t), uuid));
            }
        }
    }

    /** Weak references to rows that no longer exist vanish (RFC 7047 3.2, refType). */
    private void dropDanglingWeakReferences() {
        db.weakReferenceColumns().forEach((table, columns) -> {
            Map<UUID, Row> mine = written.getOrDefault(table, Map.of());
            List<Row> rows = new ArrayList<>();
            db.table(table).rows().forEach(r -> {
                if (!mine.containsKey(r.uuid())) {
                    rows.add(r);
                }
            });
            mine.values().forEach(r -> {
                if (r != null) {
                    rows.add(r);
                }
            });
            for (Row row : rows) {
                Row fixed = row;
                for (ColumnSchema c : columns) {
                    Object pruned = Datum.withoutDangling(fixed.get(c), c.type(),
                            (t, uuid) -> get(db.schema().table(t), uuid) != null);
                    if (pruned != null) {
                        fixed = fixed.with(c, pruned);
                    }
                }
                if (fixed != row) {
                    put(table, fixed);
                }
            }
        });
    }

    private void checkRows(TableSchema table, Map<UUID, Row> rows) {
        Table committed = db.table(table);
        long count = committed.size();
        for (Map.Entry<UUID, Row> e : rows.entrySet()) {
            boolean before = committed.get(e.getKey()) != null;
            boolean after = e.getValue() != null;
            count += (after ? 1 : 0) - (before ? 1 : 0);
        }
        if (count > table.maxRows()) {
            throw new OvsdbError("constraint violation", "transaction causes \"" + table.name() + "\" table to contain "
                    + count + " rows, greater than the schema-defined limit of " + table.maxRows() + " row(s).");
        }
        for (Row row : rows.values()) {
            if (row == null) {
                continue;
            }
            for (ColumnSchema c : table.columns().values()) {
                if (row.isDefault(c)) {
                    continue; // a default holds the minimum number of elements
                }
                long n = Datum.size(row.get(c));
                if (n < c.type().min() || n > c.type().max()) {
                    throw new OvsdbError("constraint violation", "Table " + table.name() + " column " + c.name()
                            + " row " + row.uuid() + " has " + n + " elements, outside " + c.type().min() + " to "
                            + c.type().max());
                }
            }
        }
        for (int i = 0; i < table.indexes().size(); i++) {
            List<ColumnSchema> columns = table.indexes().get(i);
            Map<Object, UUID> seen = new HashMap<>();
            for (Row row : rows.values()) {
                if (row == null) {
                    continue;
                }
                Object key = Table.indexKey(columns, row);
                UUID other = seen.putIfAbsent(key, row.uuid());
                UUID holder = committed.indexed(i, key);
                if (other == null && holder != null && !holder.equals(row.uuid()) && !rows.containsKey(holder)) {
                    other = holder;
                }
                if (other != null) {
                    throw new OvsdbError("constraint violation", "Transaction causes multiple rows in \""
                            + table.name() + "\" table to have identical values (" + key + ") for index on "
                            + columns.stream().map(ColumnSchema::name).toList() + ": rows " + other + " and "
                            + row.uuid() + ".");
                }
            }
        }
    }
}
