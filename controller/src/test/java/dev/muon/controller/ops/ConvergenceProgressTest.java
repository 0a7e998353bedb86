package dev.muon.controller.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The progress log on a clock the test moves: a line per interval while nodes converge, one final
 * line, and silence when nothing is in progress or the work ends within one interval.
 */
class ConvergenceProgressTest {
    private final List<String> lines = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ConvergenceProgress progress = new ConvergenceProgress(lines::add, now::get);

    private void seconds(double s) {
        now.addAndGet((long) (s * TimeUnit.SECONDS.toNanos(1)));
    }

    /** Ticks once per interval for {@code intervals} intervals. */
    private void ticks(int intervals) {
        for (int i = 0; i < intervals; i++) {
            seconds(ConvergenceProgress.INTERVAL.toSeconds());
            progress.tick();
        }
    }

    @Test
    void silentWhenNothingIsInProgress() {
        ticks(10);
        progress.retain(Set.of("node1"));
        progress.nodeReconciled("node1", true, 10);
        ticks(10);
        assertEquals(List.of(), lines);
    }

    @Test
    void aLargeStartLogsEveryIntervalUntilConvergedThenOnce() {
        progress.retain(Set.of("node1", "node2", "node3"));
        progress.tick();
        assertEquals(List.of(), lines, "nothing before one interval has passed");

        seconds(5);
        progress.flowsChanged("node1", 4000);
        progress.nodeReconciled("node1", true, 4000);
        progress.tick();
        assertEquals(List.of("converging: nodes in sync 1/3, flows pushed 4000 (5.0 s)"), lines);

        seconds(5);
        progress.flowsChanged("node2", 3000);
        progress.nodeReconciled("node2", true, 3000);
        progress.tick();
        assertEquals("converging: nodes in sync 2/3, flows pushed 7000 (10.0 s)", lines.get(1));

        seconds(2);
        progress.flowsChanged("node3", 1000);
        progress.nodeReconciled("node3", true, 1000);
        seconds(3);
        progress.tick();
        assertEquals("converged: nodes in sync 3/3, flows pushed 8000 in 12.0 s", lines.get(2));

        ticks(5);
        assertEquals(3, lines.size(), "silent again once converged: " + lines);
    }

    @Test
    void workThatEndsWithinOneIntervalLogsNothing() {
        progress.retain(Set.of("node1"));
        seconds(1);
        progress.flowsChanged("node1", 50);
        progress.nodeReconciled("node1", true, 50);
        ticks(3);
        assertEquals(List.of(), lines);
    }

    @Test
    void onlyTrackedNodesCount() {
        progress.retain(Set.of("node1", "node2"));
        ticks(1);
        assertEquals("converging: nodes in sync 0/2, flows pushed 0 (5.0 s)", lines.get(0));
        progress.nodeReconciled("node1", true, 10);
        progress.retain(Set.of("node1"));   // node2 is no longer this controller's
        ticks(1);
        assertTrue(lines.get(1).startsWith("converged: nodes in sync 1/1"), lines.toString());
    }

    @Test
    void aNodeStuckOutOfSyncIsRepeatedOnceAMinuteNotEveryInterval() {
        progress.retain(Set.of("node1"));
        progress.nodeReconciled("node1", false, 0);   // its switch never connects
        ticks(12 * 3);   // three minutes
        assertTrue(lines.size() >= 3 && lines.size() <= 4, lines.toString());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("converging: nodes in sync 0/1")), lines.toString());
    }
}
