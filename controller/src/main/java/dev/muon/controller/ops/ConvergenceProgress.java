package dev.muon.controller.ops;

import dev.muon.controller.reconcile.ReconcileObserver;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress of long work, logged at a steady rate instead of silence: while a controller starts on
 * a large model or takes over many nodes, every {@link #INTERVAL} a line "nodes in sync X/Y, flows
 * pushed N", then one final line once every tracked node is in sync. Work that ends within one
 * interval, and a controller with nothing to do, log nothing. A node that stays out of sync
 * without progress is repeated once a minute, not every interval.
 */
public final class ConvergenceProgress implements ReconcileObserver, AutoCloseable {
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final long UNCHANGED_REPEAT_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Consumer<String> log;
    private final LongSupplier clock;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "convergence-progress");
        t.setDaemon(true);
        return t;
    });
    private Set<String> tracked = Set.of();
    private final Set<String> inSync = new HashSet<>();
    private long flowsPushed;
    /** When the work under way began (-1: none), the flows pushed by then, and when it ended. */
    private long workSince = -1;
    private long flowsAtStart;
    private long convergedAt;
    private boolean reported;
    private String lastLine = "";
    private long lastLogged;

    public ConvergenceProgress(Consumer<String> log, LongSupplier nanoClock) {
        this.log = log;
        this.clock = nanoClock;
    }

    /** Logs from now on, every {@link #INTERVAL}. */
    public void start() {
        long ms = INTERVAL.toMillis();
        ticker.scheduleAtFixedRate(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Tracks exactly {@code nodes} (those this controller programs) from now on. */
    public synchronized void retain(Set<String> nodes) {
        tracked = Set.copyOf(nodes);
        inSync.retainAll(tracked);
        settle();
    }

    @Override
    public void passStarted(Set<String> programmed) {
        retain(programmed);
    }

    @Override
    public synchronized void nodeReconciled(String node, boolean allSwitches, int flowsHeld) {
        if (allSwitches) {
            inSync.add(node);
        } else {
            inSync.remove(node);
        }
        settle();
    }

    @Override
    public synchronized void nodeFailed(String node) {
        inSync.remove(node);
        settle();
    }

    @Override
    public synchronized void flowsChanged(String node, int flows) {
        flowsPushed += flows;
    }

    /** Notes when work begins and ends, between ticks, so that the final line's time is exact. */
    private void settle() {
        boolean converged = inSync.containsAll(tracked);
        if (!converged && workSince < 0) {
            workSince = clock.getAsLong();
            flowsAtStart = flowsPushed;
            convergedAt = -1;
        } else if (converged && workSince >= 0 && convergedAt < 0) {
            convergedAt = clock.getAsLong();
        } else if (!converged) {
            convergedAt = -1;
        }
    }

    /** One look: a progress line, the final line, or nothing. */
    public synchronized void tick() {
        if (workSince < 0) {
            return;
        }
        long now = clock.getAsLong();
        long synced = tracked.stream().filter(inSync::contains).count();
        String figures = "nodes in sync " + synced + "/" + tracked.size() + ", flows pushed " + (flowsPushed - flowsAtStart);
        if (convergedAt >= 0) {
            if (reported) {
                log.accept("converged: " + figures + " in " + seconds(convergedAt - workSince) + " s");
            }
            workSince = -1;
            reported = false;
            lastLine = "";
            return;
        }
        if (now - workSince < INTERVAL.toNanos()) {
            return;   // may yet end within the interval: no line for short work
        }
        if (figures.equals(lastLine) && now - lastLogged < UNCHANGED_REPEAT_NANOS) {
            return;
        }
        log.accept("converging: " + figures + " (" + seconds(now - workSince) + " s)");
        reported = true;
        lastLine = figures;
        lastLogged = now;
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
