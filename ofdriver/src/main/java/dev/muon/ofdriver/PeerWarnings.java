package dev.muon.ofdriver;

import dev.muon.pipeline.node.WarningThrottle;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Warnings about what a switch connection did wrong (garbage, no handshake, errors nobody
 * asked for), rate-limited across all connections: a peer that misbehaves on purpose, or
 * thousands of them, must not flood the log. The format's last {} says how many were held back.
 */
final class PeerWarnings {
    private static final WarningThrottle THROTTLE = new WarningThrottle(5, TimeUnit.SECONDS);

    private PeerWarnings() {
    }

    static void warn(Logger log, String format, Object... args) {
        long suppressed = THROTTLE.admit();
        if (suppressed >= 0) {
            Object[] all = Arrays.copyOf(args, args.length + 1);
            all[args.length] = WarningThrottle.suppressedNote(suppressed);
            log.warn(format, all);
        }
    }
}
