package dev.muon.controller.tls;

import dev.muon.controller.MuonConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * SSL for the OpenFlow and OVSDB listeners, as Open vSwitch speaks it: the controller's key and
 * certificate ({@code ssl.key}, {@code ssl.cert}) and the CA that signs node certificates
 * ({@code ssl.ca_cert}; with ovs-pki, the switch CA). All three set: both listeners speak TLS and
 * require a client certificate signed by that CA, and bridges get {@code ssl:} controller targets;
 * {@code ssl.allow_plain=true} also accepts plain TCP on the same ports. None set: plain TCP.
 *
 * @param key    the controller's private key (PEM, PKCS#8 as ovs-pki writes it), or null for plain TCP
 * @param cert   the controller's certificate (PEM), or null
 * @param caCert the CA certificate node certificates must chain to (PEM), or null
 */
public record TlsConfig(Path key, Path cert, Path caCert, boolean allowPlain) {
    static final String KEY = "ssl.key";
    static final String CERT = "ssl.cert";
    static final String CA_CERT = "ssl.ca_cert";
    static final String ALLOW_PLAIN = "ssl.allow_plain";

    /** @throws IllegalArgumentException when SSL is half configured or ssl.allow_plain is not true/false */
    public static TlsConfig from(MuonConfig config) {
        String key = config.get(KEY);
        String cert = config.get(CERT);
        String ca = config.get(CA_CERT);
        String allow = config.get(ALLOW_PLAIN);
        if (!allow.equals("true") && !allow.equals("false")) {
            throw new IllegalArgumentException(ALLOW_PLAIN + " must be true or false, not '" + allow + "'");
        }
        List<String> set = new ArrayList<>();
        List<String> unset = new ArrayList<>();
        (key.isEmpty() ? unset : set).add(KEY);
        (cert.isEmpty() ? unset : set).add(CERT);
        (ca.isEmpty() ? unset : set).add(CA_CERT);
        if (set.isEmpty()) {
            return new TlsConfig(null, null, null, allow.equals("true"));
        }
        if (!unset.isEmpty()) {
            throw new IllegalArgumentException("SSL for OpenFlow and OVSDB is half configured: " + String.join(", ", set)
                    + " set but " + String.join(", ", unset) + " not; set all three (or none, for plain TCP)");
        }
        return new TlsConfig(Path.of(key), Path.of(cert), Path.of(ca), allow.equals("true"));
    }

    public boolean enabled() {
        return key != null;
    }

    /** The scheme of the controller targets Muon writes into bridges. */
    public String targetScheme() {
        return enabled() ? "ssl" : "tcp";
    }

    /** What a listener accepts, for the start-up log. */
    public String mode() {
        if (!enabled()) {
            return "plain TCP, unauthenticated (no ssl.key/ssl.cert/ssl.ca_cert): any peer can pose as a node";
        }
        return "TLS with a client certificate signed by " + caCert
                + (allowPlain ? ", AND plain TCP (ssl.allow_plain=true): plain peers can pose as a node" : " (only)");
    }

    /** The transport both listeners put first in each connection; null without SSL. */
    public TlsTransport transport(PeerWarnings warnings) {
        return enabled() ? new TlsTransport(serverContext(), allowPlain, warnings) : null;
    }

    /**
     * Mutual TLS: the controller's certificate, peers' certificates required and checked against
     * the CA. The files are read now, so a bad one stops the start with its name.
     */
    SslContext serverContext() {
        for (Path p : List.of(key, cert, caCert)) {
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("SSL: cannot read " + p + " (" + KEY + ", " + CERT + ", " + CA_CERT + ")");
            }
        }
        try {
            return SslContextBuilder.forServer(cert.toFile(), key.toFile())
                    .trustManager(caCert.toFile())
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("SSL: cannot use " + KEY + "=" + key + ", " + CERT + "=" + cert + ", "
                    + CA_CERT + "=" + caCert + ": " + e.getMessage(), e);
        }
    }
}
