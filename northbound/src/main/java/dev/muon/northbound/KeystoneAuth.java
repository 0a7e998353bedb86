package dev.muon.northbound;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Keystone authentication, as keystonemiddleware does it for Neutron: the caller is whoever its
 * X-Auth-Token belongs to (project, user, roles from the token); identity headers a caller sends
 * are ignored. Validations are cached (see {@link TokenCache}). A token that is not
 * project-scoped is refused: Neutron's resources belong to projects.
 *
 * <p>A token Keystone refused is refused again without asking for {@link #REFUSAL_TIME}, and
 * at most {@link #MAX_VALIDATIONS} validations run at once: beyond them a request answers 503
 * at once instead of holding a thread (a flood of bad tokens neither floods Keystone nor
 * takes every API thread).
 */
final class KeystoneAuth implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(KeystoneAuth.class);

    private final KeystoneSettings settings;
    private final KeystoneTokens tokens;
    static final Duration REFUSAL_TIME = Duration.ofSeconds(15);
    static final int MAX_VALIDATIONS = 32;
    private static final int REFUSED_ENTRIES = 10_000;

    private final TokenCache cache;
    private final RefusedTokens refused;
    private final Semaphore validations;
    private volatile boolean keystoneDown;

    KeystoneAuth(KeystoneSettings settings) {
        this(settings, Clock.systemUTC());
    }

    KeystoneAuth(KeystoneSettings settings, Clock clock) {
        this.settings = settings;
        this.tokens = new KeystoneTokens(settings, clock);
        this.cache = new TokenCache(settings.cacheEntries(), settings.cacheTime(), clock);
        this.refused = new RefusedTokens(REFUSED_ENTRIES, REFUSAL_TIME, clock);
        this.validations = new Semaphore(MAX_VALIDATIONS);
    }

    @Override
    public RequestContext authenticate(Context http) {
        String token = http.header("X-Auth-Token");
        if (token == null || token.isBlank()) {
            throw new Unauthenticated("no X-Auth-Token");
        }
        token = token.trim();
        Optional<KeystoneIdentity> identity = cache.get(token);
        if (identity.isEmpty()) {
            identity = validate(token);
            cache.put(token, identity.get());
        }
        if (identity.get().projectId() == null) {
            throw new Unauthenticated("token not scoped to a project");
        }
        return identity.get().caller();
    }

    /** Keystone's answer for a token not in the cache: its identity, or 401 / 503. */
    private Optional<KeystoneIdentity> validate(String token) {
        if (refused.contains(token)) {
            throw new Unauthenticated("token not valid");
        }
        if (!validations.tryAcquire()) {
            throw new NeutronException(503, "HTTPServiceUnavailable",
                    "Too many token validations in progress; retry shortly.");
        }
        Optional<KeystoneIdentity> identity;
        try {
            identity = tokens.validate(token);
            if (keystoneDown) {
                keystoneDown = false;
                LOG.info("Keystone answers again");
            }
        } catch (KeystoneUnavailable e) {
            if (!keystoneDown) {   // once per outage, not once per request
                keystoneDown = true;
                LOG.warn("cannot validate tokens, answering 503 until Keystone answers: {}", e.getMessage());
            }
            throw new NeutronException(503, "HTTPServiceUnavailable",
                    "The Keystone service is temporarily unavailable.");
        } finally {
            validations.release();
        }
        if (identity.isEmpty()) {
            refused.add(token);
            throw new Unauthenticated("token not valid");
        }
        return identity;
    }

    @Override
    public Optional<String> challenge() {
        return Optional.of("Keystone uri=\"" + settings.url() + "\"");
    }

    @Override
    public String describe() {
        return "Keystone tokens (auth.strategy=keystone) validated at " + settings.url() + " as " + settings.user()
                + " in project " + settings.project() + ", validations cached for at most "
                + settings.cacheTime().toSeconds() + " s";
    }

    @Override
    public boolean trusting() {
        return false;
    }
}
