package dev.muon.controller.bench;

import java.time.Duration;

/** Polls a condition of a benchmark's world until it holds, or fails the run saying what never happened. */
final class BenchWait {
    interface Check {
        boolean holds() throws Exception;
    }

    private BenchWait() {
    }

    static void until(String what, Duration timeout, Duration poll, Check check) throws Exception {
        long t0 = System.nanoTime();
        while (!check.holds()) {
            if (System.nanoTime() - t0 > timeout.toNanos()) {
                throw new IllegalStateException("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(poll.toMillis());
        }
    }
}
