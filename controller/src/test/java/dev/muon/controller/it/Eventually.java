package dev.muon.controller.it;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition the controller converges to, failing with what was last seen. */
final class Eventually {
    private Eventually() {
    }

    static <T> T await(String what, Duration timeout, Callable<T> probe, java.util.function.Predicate<T> ok)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Exception lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                last = probe.call();
                if (ok.test(last)) {
                    return last;
                }
            } catch (Exception e) {
                lastError = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + "; last seen: " + last
                + (lastError == null ? "" : "; last error: " + lastError));
    }
}
