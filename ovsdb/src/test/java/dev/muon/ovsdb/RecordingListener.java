package dev.muon.ovsdb;

import static org.junit.jupiter.api.Assertions.fail;

import dev.muon.pipeline.node.NodeState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Records listener calls in order so a test can wait for them. */
final class RecordingListener implements OvsdbListener {

    record Event(String kind, OvsdbNode node, NodeState state) {
    }

    final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void nodeConnected(OvsdbNode node) {
        events.add(new Event("connected", node, node.state()));
    }

    @Override
    public void nodeChanged(OvsdbNode node, NodeState state) {
        events.add(new Event("changed", node, state));
    }

    @Override
    public void nodeDisconnected(OvsdbNode node) {
        events.add(new Event("disconnected", node, null));
    }

    /** Waits for the n-th (1-based) event of a kind. */
    Event await(String kind, int nth, Duration timeout) {
        return awaitEvent(e -> e.kind().equals(kind), nth, timeout, kind + " #" + nth);
    }

    Event awaitEvent(Predicate<Event> match, int nth, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Event> matching = events.stream().filter(match).toList();
            if (matching.size() >= nth) {
                return matching.get(nth - 1);
            }
            sleep();
        }
        return fail("no " + what + " within " + timeout + "; events: " + events.stream().map(Event::kind).toList());
    }

    /** Waits until the node's current state satisfies {@code condition}. */
    static NodeState awaitState(OvsdbNode node, Predicate<NodeState> condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            NodeState s = node.state();
            if (condition.test(s)) {
                return s;
            }
            sleep();
        }
        return fail("node state never showed " + what + ": " + node.state());
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
