package dev.muon.controller;

import dev.muon.northbound.Authenticator;
import dev.muon.northbound.HttpLimits;
import dev.muon.northbound.KeystoneSettings;
import dev.muon.northbound.RestOptions;
import dev.muon.northbound.RestTls;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** The REST listener's configuration: rest.bind/port, rest.tls.*, auth.strategy and keystone.*. */
final class ApiSettings {
    /** Validations kept at most; beyond, the least recently used token is asked about again. */
    private static final int TOKEN_CACHE_ENTRIES = 10_000;

    private ApiSettings() {
    }

    static RestOptions from(MuonConfig config) {
        InetSocketAddress bind = new InetSocketAddress(config.get("rest.bind"), config.getInt("rest.port"));
        return new RestOptions(bind, authenticator(config), tls(config), HttpLimits.defaults());
    }

    /** Null for noauth: the API then uses the service's anonymous admin. */
    private static Authenticator authenticator(MuonConfig config) {
        String strategy = config.get("auth.strategy").toLowerCase(Locale.ROOT);
        switch (strategy) {
            case "noauth":
                return null;
            case "keystone":
                String url = config.get("keystone.url");
                if (url.isEmpty()) {
                    throw new IllegalArgumentException("auth.strategy=keystone needs keystone.url (e.g. http://controller:5000/v3)");
                }
                return Authenticator.keystone(new KeystoneSettings(URI.create(url), config.get("keystone.user"),
                        config.get("keystone.password"), config.get("keystone.project"),
                        config.get("keystone.user_domain"), config.get("keystone.project_domain"),
                        Duration.ofSeconds(config.getInt("keystone.token_cache_time")), TOKEN_CACHE_ENTRIES));
            default:
                throw new IllegalArgumentException("auth.strategy must be noauth or keystone, not '" + strategy + "'");
        }
    }

    private static RestTls tls(MuonConfig config) {
        String cert = config.get("rest.tls.cert");
        String key = config.get("rest.tls.key");
        if (cert.isEmpty() && key.isEmpty()) {
            return null;
        }
        if (cert.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException("HTTPS needs both rest.tls.cert and rest.tls.key");
        }
        return new RestTls(Path.of(cert), Path.of(key));
    }
}
