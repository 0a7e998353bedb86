package dev.muon.controller.l3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.controller.MuonConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-node bucket of ICMP errors, and its configuration. */
class IcmpRateLimiterTest {
    private long now = 1_000_000_000L;

    @Test
    void eachSwitchHasItsOwnBucketThatRefillsUpToItsBurst() {
        IcmpRateLimiter limiter = new IcmpRateLimiter(new RouterIcmpConfig(10, 3), () -> now);
        assertEquals(3, taken(limiter, 1, 5));
        assertEquals(3, taken(limiter, 2, 5), "node 2 is not starved by node 1");
        now += 250_000_000L;   // 2.5 tokens at 10/s
        assertEquals(2, taken(limiter, 1, 5));
        now += 60_000_000_000L;   // a minute idle fills the bucket, no more
        assertEquals(3, taken(limiter, 1, 5));
    }

    @Test
    void theDefaultsComeFromTheEmbeddedConfiguration() {
        assertEquals(RouterIcmpConfig.DEFAULTS, RouterIcmpConfig.from(MuonConfig.load(null, Map.of(), Map.of())));
        assertEquals(new RouterIcmpConfig(5, 2), RouterIcmpConfig.from(MuonConfig.load(null,
                Map.of("MUON_L3_ICMP_ERRORS_PER_SECOND", "5"), Map.of("l3.icmp.errors.burst", "2"))));
    }

    @Test
    void aZeroRateIsRefused() {
        assertFalse(ok(() -> new RouterIcmpConfig(0, 5)));
        assertTrue(ok(() -> new RouterIcmpConfig(1, 1)));
    }

    private static int taken(IcmpRateLimiter limiter, long dpid, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            n += limiter.allow(dpid) ? 1 : 0;
        }
        return n;
    }

    private static boolean ok(Runnable r) {
        try {
            r.run();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
