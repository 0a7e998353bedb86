package dev.muon.controller.cluster;

import dev.muon.controller.store.DatabaseLocation;
import dev.muon.controller.store.JdbcPersistence;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The lease rows in PostgreSQL (schema V5): one per live controller instance (its heartbeat) and
 * one per node (who programs it, until when, with which fencing number). Every time is the
 * database's ({@code now()}), so the instances' clocks never need to agree. A round is one
 * transaction on a connection of its own, so the model store's writes never delay a renewal.
 */
public final class NodeLeases implements AutoCloseable {
    private static final String HEARTBEAT = "INSERT INTO controller_instance (instance_id, expires_at)"
            + " VALUES (?, now() + ? * interval '1 millisecond') ON CONFLICT (instance_id)"
            + " DO UPDATE SET expires_at = EXCLUDED.expires_at";
    private static final String LIVE = "SELECT instance_id FROM controller_instance WHERE expires_at > now()";
    /** A node's first lease row, expired at once so the next statement takes it like any other. */
    private static final String CREATE = "INSERT INTO node_lease (node, holder, expires_at, fencing)"
            + " VALUES (?, '', now(), 0) ON CONFLICT (node) DO NOTHING";
    /**
     * Takes a free or expired lease (a new holder: the fencing number rises) or renews one's own.
     * A row locked by another round is skipped, not waited for: a controller cut off in the middle
     * of its round holds its rows until the server drops its session, and no other controller may
     * miss its own renewals meanwhile.
     */
    private static final String ACQUIRE = "UPDATE node_lease l SET holder = ?, expires_at = now() + ? * interval '1 millisecond',"
            + " fencing = CASE WHEN l.holder = ? AND l.expires_at > now() THEN l.fencing ELSE l.fencing + 1 END"
            + " FROM (SELECT node FROM node_lease WHERE node = ? FOR UPDATE SKIP LOCKED) free"
            + " WHERE l.node = free.node AND (l.holder = ? OR l.expires_at <= now())";
    private static final String LEASES = "SELECT node, holder, fencing, expires_at > now() FROM node_lease";
    private static final String RELEASE = "UPDATE node_lease SET expires_at = now() WHERE node = ? AND holder = ?";
    private static final String LEAVE = "DELETE FROM controller_instance WHERE instance_id = ?";

    /**
     * What one round found.
     *
     * @param live     the instances whose heartbeat has not expired (this one included)
     * @param held     the nodes this instance holds a valid lease on now, with its fencing number
     * @param wanted   the nodes that rendezvous hashing gives this instance among the live ones
     * @param fencing  every node's current fencing number (the generation a slave may name)
     */
    public record Round(Set<String> live, Map<String, Long> held, Set<String> wanted, Map<String, Long> fencing) {
    }

    private final DatabaseLocation db;
    private final String instanceId;
    private final long leaseMillis;
    private Connection connection;

    public NodeLeases(DatabaseLocation db, String instanceId, Duration lease) {
        if (!db.isPostgres()) {
            throw new IllegalArgumentException("node leases need PostgreSQL, not " + db);
        }
        this.db = db;
        this.instanceId = instanceId;
        this.leaseMillis = lease.toMillis();
    }

    public String instanceId() {
        return instanceId;
    }

    /**
     * Renews this instance's heartbeat, reads who is live, takes or renews the lease of each of
     * {@code nodes} that rendezvous hashing gives this instance, and reads every lease: one
     * transaction. Nodes it holds but no longer wants it keeps until {@link #release}.
     */
    public synchronized Round round(Collection<String> nodes) throws SQLException {
        Connection c = connection();
        try {
            try (PreparedStatement s = c.prepareStatement(HEARTBEAT)) {
                s.setString(1, instanceId);
                s.setLong(2, leaseMillis);
                s.executeUpdate();
            }
            Set<String> live = new TreeSet<>();
            try (PreparedStatement s = c.prepareStatement(LIVE); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    live.add(rs.getString(1));
                }
            }
            Set<String> wanted = new TreeSet<>();
            for (String node : new TreeSet<>(nodes)) {   // in one order: two rounds never wait on each other's rows
                if (Rendezvous.owner(node, live).filter(instanceId::equals).isPresent()) {
                    wanted.add(node);
                    try (PreparedStatement s = c.prepareStatement(CREATE)) {
                        s.setString(1, node);
                        s.executeUpdate();
                    }
                    try (PreparedStatement s = c.prepareStatement(ACQUIRE)) {
                        s.setString(1, instanceId);
                        s.setLong(2, leaseMillis);
                        s.setString(3, instanceId);
                        s.setString(4, node);
                        s.setString(5, instanceId);
                        s.executeUpdate();
                    }
                }
            }
            Map<String, Long> held = new HashMap<>();
            Map<String, Long> fencing = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(LEASES); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    fencing.put(rs.getString(1), rs.getLong(3));
                    if (instanceId.equals(rs.getString(2)) && rs.getBoolean(4)) {
                        held.put(rs.getString(1), rs.getLong(3));
                    }
                }
            }
            c.commit();
            return new Round(live, held, wanted, fencing);
        } catch (SQLException | RuntimeException e) {
            drop();
            throw e;
        }
    }

    /** Gives up these nodes' leases at once (this instance has stopped programming them). */
    public synchronized void release(Collection<String> nodes) throws SQLException {
        if (nodes.isEmpty()) {
            return;
        }
        Connection c = connection();
        try (PreparedStatement s = c.prepareStatement(RELEASE)) {
            for (String node : nodes) {
                s.setString(1, node);
                s.setString(2, instanceId);
                s.addBatch();
            }
            s.executeBatch();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            drop();
            throw e;
        }
    }

    /** Leaves the cluster: the others stop counting this instance as live at once. */
    public synchronized void leave() throws SQLException {
        Connection c = connection();
        try (PreparedStatement s = c.prepareStatement(LEAVE)) {
            s.setString(1, instanceId);
            s.executeUpdate();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            drop();
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Properties props = JdbcPersistence.connectionProperties(db);
            // a database that stops answering fails a round within about a lease, not a minute
            long seconds = Math.max(2, 2 * leaseMillis / 1000);
            props.setProperty("connectTimeout", Long.toString(seconds));
            props.setProperty("socketTimeout", Long.toString(seconds));
            props.setProperty("ApplicationName", "muon-leases " + instanceId);
            // a session cut off in the middle of a round releases its rows after a lease, not TCP's minutes
            props.setProperty("options", "-c idle_in_transaction_session_timeout=" + leaseMillis);
            Connection c = DriverManager.getConnection(db.url(), props);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            connection = c;
        }
        return connection;
    }

    private void drop() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // lost anyway
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        drop();
    }

    /** Nodes in {@code held} that this instance should give away ({@code wanted} lacks them). */
    static Set<String> unwanted(Round round) {
        Set<String> out = new HashSet<>(round.held().keySet());
        out.removeAll(round.wanted());
        return out;
    }
}
