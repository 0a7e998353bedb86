package dev.muon.controller.l3;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One token bucket per switch (a node's br-int) for the ICMP errors the controller builds,
 * so that a flood of expiring or unroutable packets costs one map lookup each and cannot
 * crowd out DHCP or other nodes. What it drops is counted and logged at most every 5 s.
 */
final class IcmpRateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(IcmpRateLimiter.class);
    private static final long LOG_EVERY = TimeUnit.SECONDS.toNanos(5);

    private final RouterIcmpConfig config;
    private final LongSupplier nanoClock;
    private final Map<Long, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lastLog;

    IcmpRateLimiter(RouterIcmpConfig config, LongSupplier nanoClock) {
        this.config = config;
        this.nanoClock = nanoClock;
        this.lastLog = new AtomicLong(nanoClock.getAsLong() - LOG_EVERY);
    }

    /** Whether the switch {@code dpid} may have one more ICMP error now. */
    boolean allow(long dpid) {
        if (buckets.computeIfAbsent(dpid, d -> new TokenBucket(config.perSecond(), config.burst(), nanoClock)).tryTake()) {
            return true;
        }
        dropped.incrementAndGet();
        long now = nanoClock.getAsLong();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY && lastLog.compareAndSet(last, now)) {
            LOG.warn("ICMP errors over {}/s (burst {}): {} packet-ins dropped unanswered, latest from switch {}",
                    config.perSecond(), config.burst(), dropped.getAndSet(0), Long.toHexString(dpid));
        }
        return false;
    }
}
