package dev.muon.controller.tls;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Warnings about refused peers, at most {@link #PER_MINUTE} a minute: each names the peer, but a
 * flood of bad connections must not flood the log. What was left out is counted in the next one.
 */
public final class PeerWarnings {
    static final int PER_MINUTE = 20;

    private final Logger log;
    private long windowStart = System.nanoTime();
    private int inWindow;
    private long suppressed;

    public PeerWarnings(Logger log) {
        this.log = log;
    }

    public synchronized void warn(String message) {
        long now = System.nanoTime();
        if (now - windowStart > TimeUnit.MINUTES.toNanos(1)) {
            windowStart = now;
            inWindow = 0;
        }
        if (inWindow >= PER_MINUTE) {
            suppressed++;
            return;
        }
        inWindow++;
        if (suppressed > 0) {
            log.warn("{} ({} more refusals not logged)", message, suppressed);
            suppressed = 0;
        } else {
            log.warn(message);
        }
    }
}
