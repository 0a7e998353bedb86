package dev.muon.pipeline.node;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one warning through per interval and counts the ones held back, so that a peer that
 * misbehaves on purpose (thousands of connections, garbage in a loop) cannot flood the log:
 * the next warning let through says how many were suppressed. Thread-safe; callers log.
 */
public final class WarningThrottle {
    private final long intervalNanos;
    private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public WarningThrottle(long interval, TimeUnit unit) {
        this.intervalNanos = unit.toNanos(interval);
    }

    /**
     * @return -1 when this warning is to be held back, else how many were held back since the
     *         last one let through (the caller says so in its message)
     */
    public long admit() {
        long now = System.nanoTime();
        long due = next.get();
        if ((due == Long.MIN_VALUE || now - due >= 0) && next.compareAndSet(due, now + intervalNanos)) {
            return suppressed.getAndSet(0);
        }
        suppressed.incrementAndGet();
        return -1;
    }

    /** " (N more suppressed)" for a count from {@link #admit()}, or "" for none. */
    public static String suppressedNote(long count) {
        return count > 0 ? " (" + count + " more warnings about peers suppressed)" : "";
    }
}
