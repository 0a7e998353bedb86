package dev.muon.controller.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LeaseDeadlineTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LeaseDeadline deadline = new LeaseDeadline(Duration.ofSeconds(3), Duration.ofSeconds(1), now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void nothingIsValidBeforeTheFirstRenewal() {
        assertFalse(deadline.valid());
    }

    @Test
    void validFromTheStartOfARenewalForTheLeaseLessTheMargin() {
        long started = deadline.startOfRenewal();
        advance(Duration.ofMillis(800));   // the round's transaction took this long
        deadline.renewed(started);
        assertTrue(deadline.valid());
        advance(Duration.ofMillis(1_100));   // 1.9 s after the renewal started
        assertTrue(deadline.valid());
        advance(Duration.ofMillis(100));   // 2 s: the database's expiry is still 1 s away, and nothing more is done
        assertFalse(deadline.valid());
    }

    @Test
    void aDatabaseThatStopsAnsweringStopsTheInstanceWithoutAnyoneTellingIt() {
        deadline.renewed(deadline.startOfRenewal());
        for (int i = 0; i < 19; i++) {   // renewals fail: only time passes
            advance(Duration.ofMillis(100));
            assertTrue(deadline.valid());
        }
        advance(Duration.ofMillis(100));
        assertFalse(deadline.valid());
    }

    @Test
    void aSlowRenewalStartedEarlierNeverShortensALaterOne() {
        long early = deadline.startOfRenewal();
        advance(Duration.ofSeconds(1));
        deadline.renewed(deadline.startOfRenewal());
        deadline.renewed(early);   // completes last, but started first
        advance(Duration.ofMillis(1_500));
        assertTrue(deadline.valid());
    }

    @Test
    void lapseForgetsEveryRenewal() {
        deadline.renewed(deadline.startOfRenewal());
        deadline.lapse();
        assertFalse(deadline.valid());
    }

    @Test
    void aMarginAsLongAsTheLeaseIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new LeaseDeadline(Duration.ofSeconds(3), Duration.ofSeconds(3), now::get));
    }
}
