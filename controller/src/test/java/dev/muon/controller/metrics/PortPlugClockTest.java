package dev.muon.controller.metrics;

import dev.muon.controller.reconcile.PortBindings;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which plugs are timed, from when, and which are not: on a clock the test moves. */
class PortPlugClockTest {
    private final AtomicLong now = new AtomicLong(10_000_000_000L);
    private final List<Double> timings = new ArrayList<>();
    /** "port@host" for ports the model already has ACTIVE on that host. */
    private final Set<String> activeInModel = new HashSet<>();
    private final PortPlugClock clock = new PortPlugClock(now::get, timings::add,
            (port, host) -> activeInModel.contains(port + "@" + host));

    private static NodeState node(String connection, String host, String... ports) {
        return new NodeState(connection, NodeConfig.fromExternalIds(Map.of("hostname", host, "muon-encap-ip", "192.0.2.1")),
                Set.of("br-int"), Stream.of(ports).map(p -> new ObservedInterface("tap-" + p, "br-int", "", 7, 1,
                        Map.of("iface-id", p), Map.of())).toList());
    }

    private void millis(long ms) {
        now.addAndGet(ms * 1_000_000);
    }

    private static PortBindings.Change active(String port, String host) {
        return new PortBindings.Change(port, host, true);
    }

    @Test
    void aPlugIsTimedFromItsFirstReportToItsPortsActiveCommit() {
        clock.reported(node("c1", "node1", "p1"));
        millis(120);
        clock.reported(node("c1", "node1", "p1"));   // later updates (its ofport, its tag) do not restart it
        millis(180);
        clock.committed(List.of(active("p1", "node1")));
        assertEquals(List.of(0.3), timings);
        clock.committed(List.of(active("p1", "node1")));
        assertEquals(1, timings.size(), "timed once");
    }

    @Test
    void portsAlreadyActiveOnTheNodeAreNotTimed() {
        activeInModel.add("p1@node1");   // a controller starting finds the VIFs it brought up before
        clock.reported(node("c1", "node1", "p1"));
        millis(5000);
        clock.committed(List.of(active("p1", "node1")));
        assertEquals(List.of(), timings);
    }

    @Test
    void aPortDownOnTheWayIsStillTimedFromItsPlug() {
        clock.reported(node("c2", "node2", "p1"));   // migrating: reported on node2 first
        millis(100);
        clock.committed(List.of(new PortBindings.Change("p1", "node2", false)));
        millis(100);
        clock.committed(List.of(active("p1", "node2")));
        assertEquals(List.of(0.2), timings);
    }

    @Test
    void unpluggedOrDisconnectedBeforeActiveIsForgotten() {
        clock.reported(node("c1", "node1", "p1", "p2"));
        clock.reported(node("c1", "node1", "p2"));   // p1 unplugged
        clock.disconnected("c1");                     // p2's node gone
        millis(100);
        clock.committed(List.of(active("p1", "node1"), active("p2", "node1")));
        assertEquals(List.of(), timings);

        clock.reported(node("c3", "node1", "p2"));   // the node back, on a new connection: timed anew
        millis(50);
        clock.committed(List.of(active("p2", "node1")));
        assertEquals(List.of(0.05), timings);
    }
}
