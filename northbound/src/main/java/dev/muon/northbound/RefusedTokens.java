package dev.muon.northbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tokens Keystone recently called invalid, so that a client repeating a bad token does not cost
 * a Keystone call per request. Kept briefly ({@code maxAge}) and at most {@code maxEntries}
 * (oldest first out); keys are the tokens' SHA-256, as in {@link TokenCache}.
 */
final class RefusedTokens {
    private final int maxEntries;
    private final Duration maxAge;
    private final Clock clock;
    private final LinkedHashMap<String, Instant> until;

    RefusedTokens(int maxEntries, Duration maxAge, Clock clock) {
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
        this.clock = clock;
        this.until = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > RefusedTokens.this.maxEntries;
            }
        };
    }

    synchronized boolean contains(String token) {
        String key = TokenCache.key(token);
        Instant u = until.get(key);
        if (u != null && !clock.instant().isBefore(u)) {
            until.remove(key);
            return false;
        }
        return u != null;
    }

    synchronized void add(String token) {
        String key = TokenCache.key(token);
        until.remove(key);   // re-inserted last, so the bound drops the oldest refusals first
        until.put(key, clock.instant().plus(maxAge));
    }
}
