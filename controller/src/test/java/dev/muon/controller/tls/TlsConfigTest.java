package dev.muon.controller.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.controller.MuonConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TlsConfigTest {

    private static MuonConfig config(String... kv) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            o.put(kv[i], kv[i + 1]);
        }
        return MuonConfig.load(null, Map.of(), o);
    }

    @Test
    void withoutKeysItIsPlainTcpAsBefore() {
        TlsConfig tls = TlsConfig.from(config());
        assertFalse(tls.enabled());
        assertEquals("tcp", tls.targetScheme());
        assertEquals("tcp:127.0.0.1:6653", config().controllerTarget());
        assertEquals(null, tls.transport(null));
        assertTrue(tls.mode().startsWith("plain TCP"));
    }

    @Test
    void withKeysTargetsAreSsl() {
        MuonConfig c = config("ssl.key", "/k.pem", "ssl.cert", "/c.pem", "ssl.ca_cert", "/ca.pem",
                "advertise.address", "10.0.0.5");
        assertEquals("ssl:10.0.0.5:6653", c.controllerTarget());
        assertTrue(TlsConfig.from(c).mode().endsWith("(only)"));
        assertTrue(TlsConfig.from(config("ssl.key", "/k.pem", "ssl.cert", "/c.pem", "ssl.ca_cert", "/ca.pem",
                "ssl.allow_plain", "true")).mode().contains("AND plain TCP"));
    }

    @Test
    void halfConfiguredSslDoesNotStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.from(config("ssl.cert", "/c.pem", "ssl.ca_cert", "/ca.pem")));
        assertEquals("SSL for OpenFlow and OVSDB is half configured: ssl.cert, ssl.ca_cert set but ssl.key not; "
                + "set all three (or none, for plain TCP)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.from(config("ssl.key", "/k.pem")));
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.from(config("ssl.allow_plain", "yes")));
    }

    @Test
    void unreadableFilesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TlsConfig.from(
                config("ssl.key", "/nonexistent/k.pem", "ssl.cert", "/c.pem", "ssl.ca_cert", "/ca.pem")).transport(null));
        assertTrue(e.getMessage().contains("/nonexistent/k.pem"), e.getMessage());
    }

    @Test
    void nettyReadsWhatOvsPkiWrites(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        OvsPki pki = OvsPki.init(dir);
        OvsPki.Certified controller = pki.controller("muon");
        TlsConfig tls = TlsConfig.from(config("ssl.key", controller.key().toString(), "ssl.cert", controller.cert().toString(),
                "ssl.ca_cert", pki.switchCa().toString()));
        assertNotNull(tls.serverContext());
        // a node's key is no certificate: the start fails, naming the files
        TlsConfig wrong = TlsConfig.from(config("ssl.key", controller.key().toString(), "ssl.cert", controller.key().toString(),
                "ssl.ca_cert", pki.switchCa().toString()));
        assertTrue(assertThrows(IllegalArgumentException.class, wrong::serverContext).getMessage().startsWith("SSL: cannot use"));
    }
}
