package dev.muon.northbound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Validated tokens, so that not every request asks Keystone. An entry lives at most
 * {@code maxAge} (a revoked token works at most that long after its revocation) and never past
 * its token's expiry; the least recently used goes when {@code maxEntries} are held. Keys are the
 * tokens' SHA-256, so the cache holds no usable token.
 */
final class TokenCache {
    private record Entry(KeystoneIdentity identity, Instant until) {
    }

    private final int maxEntries;
    private final Duration maxAge;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries;

    TokenCache(int maxEntries, Duration maxAge, Clock clock) {
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > TokenCache.this.maxEntries;
            }
        };
    }

    synchronized Optional<KeystoneIdentity> get(String token) {
        String key = key(token);
        Entry e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(e.until())) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(e.identity());
    }

    synchronized void put(String token, KeystoneIdentity identity) {
        Instant until = clock.instant().plus(maxAge);
        if (identity.expiresAt().isBefore(until)) {
            until = identity.expiresAt();
        }
        if (maxEntries > 0 && clock.instant().isBefore(until)) {
            entries.put(key(token), new Entry(identity, until));
        }
    }

    synchronized int size() {
        return entries.size();
    }

    static String key(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
