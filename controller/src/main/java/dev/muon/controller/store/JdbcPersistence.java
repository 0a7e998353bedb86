package dev.muon.controller.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.ResourceKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The model in a relational database over JDBC: one row per resource (kind, id, JSON body) and
 * one version row, in the schema {@link SchemaMigrations} maintains.
 *
 * <p>A save writes only what changed since the last save (inserts, updates, deletes) and bumps
 * the version, all in one transaction, and returns once the database has made it durable. The
 * version row is also an optimistic check: a save expects the version this process last wrote,
 * so a second writer on the same database is refused rather than silently overwritten.
 *
 * <p>Several controllers may share one PostgreSQL database. Each row carries the version that last
 * wrote it and a deletion leaves a row in {@code model_deletion}, so that {@link #catchUp} reads
 * only what the other controllers committed since this one last read or wrote. A save first
 * locks the version row; if it moved, the save is refused with {@link ModelBehindException}
 * before anything is written, and the store catches up and applies its writes again.
 *
 * <p>One connection, held for the store's lifetime: writes are serialized by the store anyway,
 * and for the embedded H2 database the open connection is what holds the file's lock. The node
 * allocations and remembered nodes kept beside the model use it too, through {@link #transaction},
 * one transaction at a time and as durable as a save.
 */
public final class JdbcPersistence implements ModelPersistence {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcPersistence.class);
    private static final int VALIDATION_TIMEOUT_SECONDS = 5;
    /** H2's ErrorCode.DATABASE_ALREADY_OPEN_1: another process holds the file lock. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    /** How many versions deletions are remembered for controllers catching up (see {@link #catchUp}). */
    static final long DELETIONS_KEPT = 100_000;
    private static final long DELETIONS_PRUNED_EVERY = 1_000;

    private final DatabaseLocation location;
    private final ObjectMapper json = ModelJson.mapper();
    private final Map<String, ResourceKind<?>> kinds = new LinkedHashMap<>();
    private final NodeAllocations nodeAllocations = new JdbcNodeAllocations(this);
    private final RememberedNodes rememberedNodes = new JdbcRememberedNodes(this);
    /** Null after it was lost (a restarted PostgreSQL server): the next statement reconnects. */
    private Connection connection;
    private boolean closed;
    /** What the database holds, as far as this process knows: the base of the next diff. */
    private NetworkModel durable = NetworkModel.EMPTY;
    private long durableVersion;
    /** A save whose commit failed without telling whether it happened (connection lost during COMMIT). */
    private ModelPersistence.Stored uncertain;

    private JdbcPersistence(DatabaseLocation location, Connection connection) {
        this.location = location;
        this.connection = connection;
        ResourceKind.ALL.forEach(k -> kinds.put(k.collection(), k));
    }

    /**
     * Connects to {@code location} and migrates its schema. The embedded H2 file can be open in
     * one process only: a second controller on the same data directory fails here.
     */
    public static JdbcPersistence open(DatabaseLocation location) {
        Connection connection = connect(location);
        try {
            String schema = SchemaMigrations.migrate(location);
            LOG.info("model database {} (schema version {})", location, schema);
            return new JdbcPersistence(location, connection);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * The driver properties for {@code location}. A PostgreSQL server that stops answering (a
     * partition, a frozen host) must fail the write in bounded time rather than hold the store's
     * one connection, and with it every writer, for TCP's quarter of an hour: connecting, logging
     * in and each statement are bounded (parameters in the URL take precedence over these).
     */
    public static Properties connectionProperties(DatabaseLocation location) {
        Properties props = new Properties();
        if (!location.user().isEmpty()) {
            props.setProperty("user", location.user());
            props.setProperty("password", location.password());
        }
        if (location.isPostgres()) {
            props.setProperty("connectTimeout", "10");
            props.setProperty("loginTimeout", "10");
            props.setProperty("socketTimeout", "60");
            props.setProperty("tcpKeepAlive", "true");
        }
        return props;
    }

    private static Connection connect(DatabaseLocation location) {
        Properties props = connectionProperties(location);
        try {
            Connection c = DriverManager.getConnection(location.url(), props);
            try {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                if (location.isH2()) {
                    // Commits go to the file at once rather than up to 500 ms later from a
                    // background thread (each save also forces them to the device, see save).
                    try (Statement s = c.createStatement()) {
                        s.execute("SET WRITE_DELAY 0");
                    }
                    c.commit();
                }
            } catch (SQLException e) {
                closeQuietly(c);
                throw e;
            }
            return c;
        } catch (SQLException e) {
            if (location.isH2() && e.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                throw new StoreException("the model database " + location.url()
                        + " is in use by another process (is another Muon controller running on this data"
                        + " directory?); one controller at a time may open it", e);
            }
            throw new StoreException("cannot open the model database " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<Stored> load() {
        Connection c = connection();
        try {
            long version = readVersion(c);
            Map<ResourceKind<?>, List<Object>> resources = new LinkedHashMap<>();
            ResourceKind.ALL.forEach(k -> resources.put(k, new ArrayList<>()));
            int rows = 0;
            ObjectMapper reader = ModelJson.mapper(new HashMap<>());
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT kind, id, body FROM model_resource")) {
                while (rs.next()) {
                    ResourceKind<?> kind = kindNamed(rs.getString(1));
                    resources.get(kind).add(parse(reader, kind, rs.getString(2), rs.getString(3)));
                    rows++;
                }
            }
            c.commit();
            durable = NetworkModel.fromCollections(resources);
            durableVersion = version;
            uncertain = null;
            if (version == 0 && rows == 0) {
                return Optional.empty();
            }
            return Optional.of(new Stored(durable, version));
        } catch (SQLException e) {
            rollbackQuietly(c);
            dropIfLost();
            throw new StoreException("cannot read the model from " + location + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        }
    }

    /**
     * Writes what changed since the last save and the new version in one transaction. A lost
     * connection (a restarted database server, an embedded database that closed itself) is reopened
     * and the save tried once more.
     */
    @Override
    public synchronized void save(NetworkModel model, long version) {
        try {
            attemptSave(model, version);
        } catch (SQLException first) {
            if (!dropIfLost()) {
                throw saveFailed(version, first);
            }
            // Debug only: while the database stays down every write comes here, and the store logs the outage.
            LOG.debug("model database connection lost ({}); reconnecting to {}", first.getMessage(), location);
            try {
                attemptSave(model, version);
            } catch (SQLException second) {
                second.addSuppressed(first);
                dropIfLost();
                throw saveFailed(version, second);
            }
        }
    }

    private void attemptSave(NetworkModel model, long version) throws SQLException {
        Connection c = connection();
        try {
            settleUncertainCommit(c);
            // The version first, locked: on PostgreSQL the row lock serializes controllers that
            // write at once, and one that is behind is refused before it touches a row.
            long inDatabase = lockVersion(c);
            if (inDatabase != durableVersion) {
                throw new ModelBehindException(durableVersion, inDatabase);
            }
            bumpVersion(c, version);
            write(c, SnapshotDiff.between(durable, model), version);
            if (version / DELETIONS_PRUNED_EVERY != durableVersion / DELETIONS_PRUNED_EVERY) {
                pruneDeletions(c, version);
            }
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        }
        try {
            c.commit();
            forceToDevice(c);
        } catch (SQLException e) {
            // Committed or not, on the device or not: the version row will tell once the
            // database is back (an embedded database that failed to write its file reopens
            // from what the file holds).
            uncertain = new Stored(model, version);
            throw e;
        }
        durable = model;
        durableVersion = version;
    }

    /** After a commit: makes it survive a kill -9 of this process and the loss of the machine. */
    private void forceToDevice(Connection c) throws SQLException {
        if (location.isH2()) {
            // H2 keeps no log: CHECKPOINT SYNC writes what the commit left in memory to the file
            // and forces it to the device. (PostgreSQL's commit has already flushed its log.)
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            }
        }
    }

    /** A {@code SELECT 1} on the store's connection (reopened if it was lost). */
    @Override
    public boolean reachable() {
        try {
            return transaction("reach the database", false, c -> {
                try (Statement s = c.createStatement()) {
                    return s.execute("SELECT 1");
                }
            });
        } catch (StoreException e) {
            LOG.debug("model database unreachable: {}", e.getMessage());
            return false;
        }
    }

    @Override
    public NodeAllocations nodeAllocations() {
        return nodeAllocations;
    }

    @Override
    public RememberedNodes rememberedNodes() {
        return rememberedNodes;
    }

    /** Statements run in one transaction by {@link #transaction}. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction of its own on the store's connection and commits it; if
     * {@code writes}, the commit is made as durable as a save's before this returns. Everything kept
     * beside the model goes through here, so it shares the connection, its lock and its recovery:
     * a lost connection is reopened and the work run once more (so work must read what it relies
     * on itself, and may find its own first attempt committed).
     *
     * @throws StoreConflictException if the database refused the work by a constraint (a key or a
     *         unique value another writer took first); nothing was written
     */
    synchronized <T> T transaction(String what, boolean writes, Work<T> work) {
        try {
            return attempt(writes, work);
        } catch (SQLException first) {
            if (isConstraintViolation(first) || !dropIfLost()) {
                throw transactionFailed(what, first);
            }
            LOG.warn("model database connection lost ({}); reconnecting to {}", first.getMessage(), location);
            try {
                return attempt(writes, work);
            } catch (SQLException second) {
                second.addSuppressed(first);
                if (!isConstraintViolation(second)) {
                    dropIfLost();
                }
                throw transactionFailed(what, second);
            }
        }
    }

    private <T> T attempt(boolean writes, Work<T> work) throws SQLException {
        Connection c = connection();
        T value;
        try {
            value = work.run(c);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        }
        if (writes) {
            forceToDevice(c);
        }
        return value;
    }

    /** SQLSTATE class 23, integrity constraint violation: the same on H2 and PostgreSQL. */
    private static boolean isConstraintViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    private StoreException transactionFailed(String what, SQLException e) {
        String message = "cannot " + what + " in " + location + ": " + e.getMessage();
        return isConstraintViolation(e) ? new StoreConflictException(message, e) : new StoreException(message, e);
    }

    private StoreException saveFailed(long version, SQLException e) {
        return new StoreException("cannot save model version " + version + " to " + location + ": "
                + e.getMessage(), e);
    }

    private void write(Connection c, SnapshotDiff diff, long version) throws SQLException {
        if (!diff.inserted().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO model_resource (kind, id, body, changed) VALUES (?, ?, ?, ?)")) {
                for (SnapshotDiff.Row row : diff.inserted()) {
                    ps.setString(1, row.kind().collection());
                    ps.setString(2, row.id());
                    ps.setString(3, body(row));
                    ps.setLong(4, version);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            // An id used again after a deletion (a project's quota, a node's agent) is no longer deleted.
            forgetDeletions(c, diff.inserted());
        }
        if (!diff.updated().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE model_resource SET body = ?, changed = ? WHERE kind = ? AND id = ?")) {
                for (SnapshotDiff.Row row : diff.updated()) {
                    ps.setString(1, body(row));
                    ps.setLong(2, version);
                    ps.setString(3, row.kind().collection());
                    ps.setString(4, row.id());
                    ps.addBatch();
                }
                expectEachRowOnce(ps.executeBatch(), "update");
            }
        }
        if (!diff.deleted().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM model_resource WHERE kind = ? AND id = ?")) {
                for (SnapshotDiff.Row row : diff.deleted()) {
                    ps.setString(1, row.kind().collection());
                    ps.setString(2, row.id());
                    ps.addBatch();
                }
                expectEachRowOnce(ps.executeBatch(), "delete");
            }
            forgetDeletions(c, diff.deleted());
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO model_deletion (kind, id, changed) VALUES (?, ?, ?)")) {
                for (SnapshotDiff.Row row : diff.deleted()) {
                    ps.setString(1, row.kind().collection());
                    ps.setString(2, row.id());
                    ps.setLong(3, version);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static void forgetDeletions(Connection c, List<SnapshotDiff.Row> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM model_deletion WHERE kind = ? AND id = ?")) {
            for (SnapshotDiff.Row row : rows) {
                ps.setString(1, row.kind().collection());
                ps.setString(2, row.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Deletions older than {@link #DELETIONS_KEPT} versions are forgotten: a controller that far
     * behind reads the whole model again instead (see {@link #catchUp}).
     */
    private static void pruneDeletions(Connection c, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM model_deletion WHERE changed < ?")) {
            ps.setLong(1, version - DELETIONS_KEPT);
            ps.executeUpdate();
        }
    }

    /**
     * Brings this process up to what the database holds now, when other controllers committed
     * since it last read or wrote: only the rows changed since, from one consistent snapshot of
     * the database. Empty when nothing changed.
     */
    @Override
    public synchronized Optional<Stored> catchUp() {
        Connection c = connection();
        try {
            settleUncertainCommit(c);
            long version = readVersion(c);
            c.commit();
            if (version == durableVersion) {
                return Optional.empty();
            }
            if (version - durableVersion > DELETIONS_KEPT / 2 || version < durableVersion) {
                LOG.info("model database is {} versions ahead of this controller: reading it whole",
                        version - durableVersion);
                return load();
            }
            return Optional.of(readChanges(c));
        } catch (SQLException e) {
            rollbackQuietly(c);
            dropIfLost();
            throw new StoreException("cannot read the model from " + location + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        }
    }

    /** The changes since {@link #durableVersion}, read in one repeatable-read transaction. */
    private Stored readChanges(Connection c) throws SQLException {
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            long version = readVersion(c);
            NetworkModel model = durable;
            ObjectMapper reader = ModelJson.mapper(new HashMap<>());
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT kind, id, body FROM model_resource WHERE changed > ?")) {
                ps.setLong(1, durableVersion);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        model = with(model, kindNamed(rs.getString(1)),
                                parse(reader, kindNamed(rs.getString(1)), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT kind, id FROM model_deletion WHERE changed > ?")) {
                ps.setLong(1, durableVersion);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        model = model.without(kindNamed(rs.getString(1)), rs.getString(2));
                    }
                }
            }
            c.commit();
            durable = model;
            durableVersion = version;
            return new Stored(model, version);
        } finally {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> NetworkModel with(NetworkModel model, ResourceKind<T> kind, Object resource) {
        return model.with(kind, (T) resource);
    }

    @Override
    public boolean shared() {
        return location.isPostgres();
    }

    /** An update or delete that finds no row means the database is not what this process wrote. */
    private void expectEachRowOnce(int[] counts, String what) {
        for (int n : counts) {
            if (n != 1 && n != Statement.SUCCESS_NO_INFO) {
                throw diverged("a resource to " + what + " is not in the database");
            }
        }
    }

    private void bumpVersion(Connection c, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE model_version SET version = ? WHERE id = 1 AND version = ?")) {
            ps.setLong(1, version);
            ps.setLong(2, durableVersion);
            if (ps.executeUpdate() != 1) {
                throw diverged("its version is " + readVersion(c) + ", this controller last wrote " + durableVersion);
            }
        }
    }

    private StoreException diverged(String why) {
        return new StoreException("the model database " + location + " was changed by someone else (" + why
                + "): is another Muon controller using it? Restart this one to reload the model");
    }

    /**
     * After a COMMIT that failed without saying whether it happened, the version row tells:
     * if it holds the version that save wrote, the database has that snapshot.
     */
    private void settleUncertainCommit(Connection c) throws SQLException {
        if (uncertain == null) {
            return;
        }
        long inDatabase = readVersion(c);
        c.commit();
        if (inDatabase == uncertain.version()) {
            durable = uncertain.model();
            durableVersion = uncertain.version();
        }
        uncertain = null;
    }

    private static long lockVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM model_version WHERE id = 1 FOR UPDATE")) {
            if (!rs.next()) {
                throw new SQLException("the model_version row is missing");
            }
            return rs.getLong(1);
        }
    }

    private static long readVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM model_version WHERE id = 1")) {
            if (!rs.next()) {
                throw new SQLException("the model_version row is missing");
            }
            return rs.getLong(1);
        }
    }

    private ResourceKind<?> kindNamed(String name) {
        ResourceKind<?> kind = kinds.get(name);
        if (kind == null) {
            throw new StoreException("the model database " + location + " holds resources of kind '" + name
                    + "', which this version of Muon does not know (written by a newer version?)");
        }
        return kind;
    }

    private Object parse(ObjectMapper reader, ResourceKind<?> kind, String id, String body) {
        try {
            return reader.readValue(body, kind.type());
        } catch (JsonProcessingException e) {
            throw new StoreException("unreadable " + kind + " " + id + " in " + location + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private String body(SnapshotDiff.Row row) {
        try {
            return json.writeValueAsString(row.resource());
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write " + row.kind() + " " + row.id() + " as JSON", e);
        }
    }

    /** The connection, opened again if it was lost. */
    private Connection connection() {
        if (closed) {
            throw new StoreException("the model database " + location + " is closed");
        }
        if (connection == null) {
            connection = connect(location);
        }
        return connection;
    }

    /**
     * After a failed statement: forgets the connection if it is no longer usable, so that the next
     * statement reconnects. The embedded H2 database is always forgotten: on an I/O error (a full
     * disk) it closes its store for good while the connection still reports itself valid, and only
     * closing its one connection lets it go, so that reopening reads the file afresh.
     */
    private boolean dropIfLost() {
        if (connection == null) {
            return true;
        }
        try {
            if (!location.isH2() && connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                return false;
            }
        } catch (SQLException e) {
            LOG.debug("connection check failed", e);
        }
        closeQuietly(connection);
        connection = null;
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            closeQuietly(connection);
            connection = null;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("close failed", e);
        }
    }
}
