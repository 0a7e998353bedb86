package dev.muon.controller.ops;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Whether the model database answers, asked on a thread of its own and waited for a bounded time:
 * a health check must answer a load balancer quickly even while the database hangs (a partition
 * holds the store's connection for up to its socket timeout). Concurrent checks share one probe,
 * and one probe answers every check within half a second of it.
 */
public final class DatabaseProbe implements AutoCloseable {
    private final BooleanSupplier probe;
    private final long timeoutMillis;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "database-probe");
        t.setDaemon(true);
        return t;
    });
    /** A probe's answer serves the checks that come within this long of its start. */
    static final long REUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private CompletableFuture<Boolean> running;
    private long started;

    public DatabaseProbe(BooleanSupplier probe, long timeoutMillis) {
        this.probe = probe;
        this.timeoutMillis = timeoutMillis;
    }

    /** False when the probe failed or did not answer within the timeout. */
    public boolean reachable() {
        CompletableFuture<Boolean> probing;
        synchronized (this) {
            // a flood of health checks asks the database at most once per REUSE_NANOS: saves share its connection
            if (running == null || running.isDone() && System.nanoTime() - started > REUSE_NANOS) {
                started = System.nanoTime();
                running = CompletableFuture.supplyAsync(probe::getAsBoolean, thread);
            }
            probing = running;
        }
        try {
            return probing.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
