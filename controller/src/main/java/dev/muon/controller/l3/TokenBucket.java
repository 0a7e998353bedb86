package dev.muon.controller.l3;

import java.util.function.LongSupplier;

/** A token bucket: {@code burst} at once, then {@code perSecond} on average. */
final class TokenBucket {
    private final double perNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    TokenBucket(int perSecond, int burst, LongSupplier nanoClock) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.last = nanoClock.getAsLong();
    }

    /** Takes a token if there is one. */
    synchronized boolean tryTake() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
