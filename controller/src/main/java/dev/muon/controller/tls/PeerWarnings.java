package dev.muon.controller.tls;

import dev.muon.pipeline.node.WarningThrottle;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Warnings about refused peers (failed handshakes, wrong certificates), rate-limited by a
 * {@link WarningThrottle}: each names the peer, but a flood of bad connections must not flood
 * the log. The next warning let through says how many were held back.
 */
public final class PeerWarnings {
    private final Logger log;
    private final WarningThrottle throttle = new WarningThrottle(3, TimeUnit.SECONDS);

    public PeerWarnings(Logger log) {
        this.log = log;
    }

    public void warn(String message) {
        long suppressed = throttle.admit();
        if (suppressed >= 0) {
            log.warn("{}{}", message, WarningThrottle.suppressedNote(suppressed));
        }
    }
}
