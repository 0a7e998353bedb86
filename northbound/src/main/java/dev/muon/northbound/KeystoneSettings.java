package dev.muon.northbound;

import java.net.URI;
import java.time.Duration;

/**
 * Where Keystone is and the service credentials Muon validates tokens with (keystonemiddleware's
 * [keystone_authtoken] section). {@code url} is the v3 endpoint, e.g. http://host:5000/v3.
 * A validation is reused for at most {@code cacheTime} (never past the token's expiry), so a
 * revoked token stops working within it; at most {@code cacheEntries} are kept.
 */
public record KeystoneSettings(URI url, String user, String password, String project, String userDomain,
                               String projectDomain, Duration cacheTime, int cacheEntries) {
    public KeystoneSettings {
        if (url == null || user == null || user.isBlank() || password == null || project == null || project.isBlank()) {
            throw new IllegalArgumentException("auth.strategy=keystone needs keystone.url, keystone.user, "
                    + "keystone.password and keystone.project");
        }
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("keystone.url must be http(s)://host:port/v3, not " + url);
        }
        if (cacheTime.isNegative() || cacheEntries < 0) {
            throw new IllegalArgumentException("keystone token cache time and size must not be negative");
        }
    }

    /** {@code url} + "/auth/tokens". */
    URI tokens() {
        String base = url.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "auth/tokens");
    }
}
