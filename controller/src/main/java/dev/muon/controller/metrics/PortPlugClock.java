package dev.muon.controller.metrics;

import dev.muon.controller.reconcile.PortBindings;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleConsumer;
import java.util.function.LongSupplier;

/**
 * Times each port from the moment OVSDB reports its VM's interface (an Interface with its
 * iface-id) to the moment the port's ACTIVE status is committed: what a user waits for after
 * Nova plugs a VIF. An interface is timed from the first report that shows it; one that goes away
 * first, or whose node disconnects, is forgotten.
 */
public final class PortPlugClock {
    /** A node that reports more interfaces than this is not timed further (memory stays bounded). */
    static final int MAX_TIMED = 100_000;

    private record Seen(String connectionId, long nanos) {
    }

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final DoubleConsumer activeAfterSeconds;

    public PortPlugClock(LongSupplier nanoClock, DoubleConsumer activeAfterSeconds) {
        this.clock = nanoClock;
        this.activeAfterSeconds = activeAfterSeconds;
    }

    /** What a node's OVSDB now shows (each of its updates). */
    public void reported(NodeState node) {
        long now = clock.getAsLong();
        Set<String> present = new HashSet<>();
        for (ObservedInterface i : node.interfaces()) {
            if (i.ifaceId() != null) {
                present.add(i.ifaceId());
                if (seen.size() < MAX_TIMED) {
                    seen.putIfAbsent(i.ifaceId(), new Seen(node.connectionId(), now));
                }
            }
        }
        seen.entrySet().removeIf(e -> e.getValue().connectionId().equals(node.connectionId())
                && !present.contains(e.getKey()));
    }

    /** The node's OVSDB connection is gone: its interfaces are timed again when it reports them anew. */
    public void disconnected(String connectionId) {
        seen.values().removeIf(s -> s.connectionId().equals(connectionId));
    }

    /** Port statuses just committed: each port that became ACTIVE ends its timing. */
    public void committed(List<PortBindings.Change> bindings) {
        long now = clock.getAsLong();
        for (PortBindings.Change c : bindings) {
            Seen s = c.active() ? seen.remove(c.portId()) : null;   // DOWN on the way (a migration): still timed
            if (s != null) {
                activeAfterSeconds.accept((now - s.nanos()) / 1e9);
            }
        }
    }
}
