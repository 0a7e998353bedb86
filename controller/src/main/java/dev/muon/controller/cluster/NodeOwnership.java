package dev.muon.controller.cluster;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which nodes this instance programs now. Alone on its database (the embedded store) it owns
 * every node. On a shared PostgreSQL database it owns the nodes whose lease it holds and that
 * rendezvous hashing gives it among the live instances, and only while its {@link LeaseDeadline}
 * says the leases are still its own: a round of {@link NodeLeases} runs three times a lease, and
 * when the database stops answering the ownership lapses by itself, before any lease can expire.
 */
public final class NodeOwnership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeOwnership.class);

    /** Hears of nodes gained (with the fencing number to be master with) and lost. */
    public interface Listener {
        void gained(String node, long fencing);

        void lost(String node);
    }

    private final NodeLeases leases;
    private final LeaseDeadline deadline;
    private final Duration lease;
    private final Supplier<Set<String>> nodes;
    /** Owned nodes and the fencing number of the lease each is held with. */
    private final Map<String, Long> owned = new ConcurrentHashMap<>();
    private volatile Map<String, Long> fencing = Map.of();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService exec;
    private volatile boolean failing;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NodeOwnership(NodeLeases leases, Duration lease, Supplier<Set<String>> nodes) {
        this.leases = leases;
        this.lease = lease;
        this.deadline = leases == null ? null : LeaseDeadline.of(lease);
        this.nodes = nodes;
        // two threads: a round may wait on an unanswering database while the watch lets the leases lapse
        this.exec = leases == null ? null : Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "node-leases");
            t.setDaemon(true);
            return t;
        });
    }

    /** Alone on the database: every node is this instance's, no roles are asked for. */
    public static NodeOwnership everything(Supplier<Set<String>> nodes) {
        return new NodeOwnership(null, Duration.ZERO, nodes);
    }

    /**
     * @param nodes the nodes connected to this instance now (the ones it could program)
     */
    public static NodeOwnership leased(NodeLeases leases, Duration lease, Supplier<Set<String>> nodes) {
        return new NodeOwnership(leases, lease, nodes);
    }

    /** Whether nodes are shared with other instances (and OpenFlow roles are asked for). */
    public boolean clustered() {
        return leases != null;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void start() {
        if (exec != null) {
            long period = Math.max(100, lease.toMillis() / 3);
            exec.scheduleWithFixedDelay(this::round, 0, period, TimeUnit.MILLISECONDS);
            exec.scheduleWithFixedDelay(this::watch, period, 50, TimeUnit.MILLISECONDS);
            LOG.info("sharing nodes with the other controllers on the database as instance {} (lease {} s)",
                    leases.instanceId(), lease.toMillis() / 1000.0);
        }
    }

    /** Whether this instance may program {@code node} at this moment. */
    public boolean owns(String node) {
        return !clustered() || (owned.containsKey(node) && deadline.valid());
    }

    /** The fencing number this instance holds {@code node} with; empty when it does not own it. */
    public OptionalLong fencing(String node) {
        if (!clustered()) {
            return OptionalLong.of(0);
        }
        Long f = owned.get(node);
        return f == null || !owns(node) ? OptionalLong.empty() : OptionalLong.of(f);
    }

    /** The node's fencing number as the database last showed it: the generation a slave names. */
    public long generation(String node) {
        return fencing.getOrDefault(node, 0L);
    }

    /** How many node leases this instance holds now (all connected nodes when alone). */
    public int leasesHeld() {
        if (!clustered()) {
            return nodes.get().size();
        }
        return deadline.valid() ? owned.size() : 0;
    }

    /** Tells the listeners as soon as the leases could lapse (owns() already says no). */
    private synchronized void watch() {
        if (!deadline.valid()) {
            loseAll("the database has not renewed the leases in time");
        }
    }

    private void round() {
        long started = deadline.startOfRenewal();
        NodeLeases.Round r;
        try {
            r = leases.round(nodes.get());
        } catch (Exception e) {
            if (!failing) {
                LOG.warn("cannot renew node leases ({}); programming stops before they could lapse", e.toString());
            }
            failing = true;
            return;
        }
        applyRound(started, r);
    }

    private synchronized void applyRound(long started, NodeLeases.Round r) {
        if (failing) {
            LOG.info("node leases renewed again");
            failing = false;
        }
        if (!deadline.valid() && !owned.isEmpty()) {
            loseAll("the leases lapsed before this round");   // others may have programmed them meanwhile
        }
        deadline.renewed(started);
        fencing = Map.copyOf(r.fencing());
        Set<String> keep = new HashSet<>(r.held().keySet());
        keep.retainAll(r.wanted());
        for (String node : Set.copyOf(owned.keySet())) {
            Long f = r.held().get(node);
            if (!keep.contains(node) || !f.equals(owned.get(node))) {
                lose(node);
            }
        }
        for (String node : keep) {
            long f = r.held().get(node);
            if (owned.putIfAbsent(node, f) == null) {
                LOG.info("node {}: this instance programs it now (lease fencing {})", node, f);
                listeners.forEach(l -> l.gained(node, f));
            }
        }
        Set<String> giveAway = NodeLeases.unwanted(r);
        if (!giveAway.isEmpty()) {
            try {
                leases.release(giveAway);   // after lose(): nothing programs them from here any more
                LOG.info("released nodes {} to the instance they hash to", giveAway);
            } catch (Exception e) {
                LOG.warn("cannot release nodes {} ({}); they lapse with their leases", giveAway, e.toString());
            }
        }
    }

    private void loseAll(String why) {
        if (!owned.isEmpty()) {
            LOG.warn("stopped programming {} nodes: {}", owned.size(), why);
            Set.copyOf(owned.keySet()).forEach(this::lose);
        }
    }

    private void lose(String node) {
        if (owned.remove(node) != null) {
            LOG.info("node {}: this instance no longer programs it", node);
            listeners.forEach(l -> l.lost(node));
        }
    }

    @Override
    public void close() {
        if (exec == null || !closed.compareAndSet(false, true)) {
            return;
        }
        exec.shutdownNow();
        try {
            exec.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadline.lapse();
        Set<String> mine = Set.copyOf(owned.keySet());
        mine.forEach(this::lose);
        try {
            leases.release(mine);
            leases.leave();   // the others take the nodes over at once instead of after the lease
        } catch (Exception e) {
            LOG.warn("cannot release node leases on the way out ({}); they lapse", e.toString());
        }
        leases.close();
    }
}
