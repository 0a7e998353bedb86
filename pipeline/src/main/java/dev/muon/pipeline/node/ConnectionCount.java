package dev.muon.pipeline.node;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many connections a listener holds, against its bound: taken atomically when a connection
 * is accepted (connections are set up on several I/O threads at once, so counting a group's size
 * there would let a burst overshoot the bound), given back when it closes.
 */
public final class ConnectionCount {
    private final AtomicInteger open = new AtomicInteger();

    /** Takes a place if fewer than {@code max} are taken; false (nothing taken) when full. */
    public boolean tryTake(int max) {
        while (true) {
            int n = open.get();
            if (n >= max) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public void giveBack() {
        open.decrementAndGet();
    }

    public int open() {
        return open.get();
    }
}
