package dev.muon.controller;

import dev.muon.controller.tls.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Configuration, layered: embedded defaults ({@code muon-defaults.properties}) &lt; a
 * config file &lt; environment ({@code MUON_REST_PORT} for {@code rest.port}) &lt; flags.
 */
public final class MuonConfig {
    private final Properties props;

    private MuonConfig(Properties props) {
        this.props = props;
    }

    public static MuonConfig load(Path configFile, Map<String, String> env, Map<String, String> overrides) {
        Properties p = new Properties();
        try (InputStream in = MuonConfig.class.getResourceAsStream("/muon-defaults.properties")) {
            p.load(in);
            if (configFile != null) {
                try (Reader r = Files.newBufferedReader(configFile)) {
                    p.load(r);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration: " + e.getMessage(), e);
        }
        for (String key : p.stringPropertyNames()) {
            String v = env.get("MUON_" + key.toUpperCase(Locale.ROOT).replace('.', '_'));
            if (v != null) {
                p.setProperty(key, v);
            }
        }
        overrides.forEach((k, v) -> {
            if (v != null) {
                p.setProperty(k, v);
            }
        });
        return new MuonConfig(p);
    }

    public String get(String key) {
        String v = props.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("missing configuration key " + key);
        }
        return v.trim();
    }

    public int getInt(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration " + key + " must be a number, not '" + get(key) + "'");
        }
    }

    public Path dataDir() {
        return Path.of(get("data.dir"));
    }

    /** The controller target written into bridges: {@code ssl:} when SSL is configured (see TlsConfig). */
    public String controllerTarget() {
        return TlsConfig.from(this).targetScheme() + ":" + get("advertise.address") + ":" + getInt("openflow.port");
    }
}
