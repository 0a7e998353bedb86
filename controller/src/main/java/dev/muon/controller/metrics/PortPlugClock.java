package dev.muon.controller.metrics;

import dev.muon.controller.reconcile.PortBindings;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.DoubleConsumer;
import java.util.function.LongSupplier;

/**
 * Times each port from the moment OVSDB reports its VM's interface (an Interface with its
 * iface-id) to the moment the port's ACTIVE status is committed: what a user waits for after
 * Nova plugs a VIF. An interface is timed from the first report that shows it, unless its port is
 * already ACTIVE on that node (a controller that starts finds the VIFs it already brought up); one
 * that goes away first, or whose node disconnects, is forgotten.
 */
public final class PortPlugClock {
    /** Interfaces timed at most at once, so that memory stays bounded whatever the nodes report. */
    static final int MAX_TIMED = 100_000;

    private record Seen(String connectionId, long nanos) {
    }

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    /** The ports timed per OVSDB connection, so that one node's update looks at its own interfaces only. */
    private final Map<String, Set<String>> timedOn = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final DoubleConsumer activeAfterSeconds;
    private final BiPredicate<String, String> activeOn;

    /**
     * @param activeOn whether a port (by id) is already ACTIVE on a node (by hostname) in the model
     */
    public PortPlugClock(LongSupplier nanoClock, DoubleConsumer activeAfterSeconds, BiPredicate<String, String> activeOn) {
        this.clock = nanoClock;
        this.activeAfterSeconds = activeAfterSeconds;
        this.activeOn = activeOn;
    }

    /** What a node's OVSDB now shows (each of its updates, on its connection's thread). */
    public void reported(NodeState node) {
        long now = clock.getAsLong();
        Set<String> timed = timedOn.computeIfAbsent(node.connectionId(), c -> ConcurrentHashMap.newKeySet());
        Set<String> present = new HashSet<>();
        for (ObservedInterface i : node.interfaces()) {
            String port = i.ifaceId();
            if (port == null) {
                continue;
            }
            present.add(port);
            if (!timed.contains(port) && seen.size() < MAX_TIMED && !activeOn.test(port, node.hostname())) {
                if (seen.putIfAbsent(port, new Seen(node.connectionId(), now)) == null) {
                    timed.add(port);
                }
            }
        }
        for (String port : List.copyOf(timed)) {
            if (!present.contains(port)) {
                timed.remove(port);
                seen.computeIfPresent(port, (p, s) -> s.connectionId().equals(node.connectionId()) ? null : s);
            }
        }
    }

    /** The node's OVSDB connection is gone: its interfaces are timed again when it reports them anew. */
    public void disconnected(String connectionId) {
        Set<String> timed = timedOn.remove(connectionId);
        if (timed != null) {
            timed.forEach(seen::remove);
        }
    }

    /** Port statuses just committed: each port that became ACTIVE ends its timing. */
    public void committed(List<PortBindings.Change> bindings) {
        long now = clock.getAsLong();
        for (PortBindings.Change c : bindings) {
            Seen s = c.active() ? seen.remove(c.portId()) : null;   // DOWN on the way (a migration): still timed
            if (s != null) {
                Set<String> timed = timedOn.get(s.connectionId());
                if (timed != null) {
                    timed.remove(c.portId());
                }
                activeAfterSeconds.accept((now - s.nanos()) / 1e9);
            }
        }
    }
}
