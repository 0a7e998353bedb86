package dev.muon.northbound;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validations are reused at most the cache time, never past the token's expiry, and bounded in number. */
class TokenCacheTest {
    private Instant now = Instant.parse("2026-01-01T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private KeystoneIdentity identity(Duration expiresIn) {
        return new KeystoneIdentity("p1", "u1", Set.of("member"), now.plus(expiresIn));
    }

    @Test
    void aValidationIsReusedAtMostTheCacheTime() {
        TokenCache cache = new TokenCache(10, Duration.ofSeconds(300), clock);
        KeystoneIdentity id = identity(Duration.ofHours(1));
        cache.put("t1", id);
        now = now.plusSeconds(299);
        assertEquals(Optional.of(id), cache.get("t1"));
        now = now.plusSeconds(1);
        assertEquals(Optional.empty(), cache.get("t1"), "a revoked token must be asked about again");
    }

    @Test
    void neverPastTheTokensExpiry() {
        TokenCache cache = new TokenCache(10, Duration.ofSeconds(300), clock);
        cache.put("t1", identity(Duration.ofSeconds(10)));
        now = now.plusSeconds(10);
        assertEquals(Optional.empty(), cache.get("t1"));
        cache.put("expired", identity(Duration.ofSeconds(-1)));
        assertEquals(0, cache.size());
    }

    @Test
    void boundedInEntriesAndZeroMeansNoCache() {
        TokenCache cache = new TokenCache(3, Duration.ofSeconds(300), clock);
        for (int i = 0; i < 100; i++) {
            cache.put("t" + i, identity(Duration.ofHours(1)));
        }
        assertEquals(3, cache.size());
        assertTrue(cache.get("t99").isPresent());
        assertTrue(cache.get("t0").isEmpty());
        TokenCache none = new TokenCache(0, Duration.ofSeconds(300), clock);
        none.put("t", identity(Duration.ofHours(1)));
        assertTrue(none.get("t").isEmpty());
        TokenCache zeroTime = new TokenCache(10, Duration.ZERO, clock);
        zeroTime.put("t", identity(Duration.ofHours(1)));
        assertTrue(zeroTime.get("t").isEmpty());
    }
}
