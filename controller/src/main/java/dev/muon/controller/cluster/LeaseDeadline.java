package dev.muon.controller.cluster;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Until when this instance may act on the leases it holds. The database sets a lease's expiry
 * from its own clock when a renewal's transaction starts; the renewal was started here before
 * that, so {@code start + lease} locally is no later than the expiry the database holds. This
 * instance acts only while {@code now < start of the last successful renewal + lease - margin}
 * (the margin covers clocks that run at slightly different rates and a flow-mod in flight). A
 * database that cannot be reached renews nothing, so the instance stops before any other
 * instance can take its nodes over: fencing without asking anyone.
 */
public final class LeaseDeadline {
    private final long leaseNanos;
    private final long marginNanos;
    private final LongSupplier nanoClock;
    private volatile long validUntil;
    private volatile boolean renewed;

    public LeaseDeadline(Duration lease, Duration margin, LongSupplier nanoClock) {
        if (margin.compareTo(lease) >= 0 || margin.isNegative()) {
            throw new IllegalArgumentException("the margin must be shorter than the lease");
        }
        this.leaseNanos = lease.toNanos();
        this.marginNanos = margin.toNanos();
        this.nanoClock = nanoClock;
    }

    /** A deadline on {@link System#nanoTime}, with a third of the lease as margin. */
    public static LeaseDeadline of(Duration lease) {
        return new LeaseDeadline(lease, lease.dividedBy(3), System::nanoTime);
    }

    /** The instant (on the nano clock) a renewal that has now succeeded was started at. */
    public long startOfRenewal() {
        return nanoClock.getAsLong();
    }

    public void renewed(long startedAt) {
        long until = startedAt + leaseNanos - marginNanos;
        if (!renewed || until - validUntil > 0) {
            validUntil = until;
            renewed = true;
        }
    }

    /** Whether this instance may still act on its leases. */
    public boolean valid() {
        return renewed && nanoClock.getAsLong() - validUntil < 0;
    }

    /** Forgets every renewal: nothing is valid until the next one. */
    public void lapse() {
        renewed = false;
    }
}
