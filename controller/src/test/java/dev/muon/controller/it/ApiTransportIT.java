package dev.muon.controller.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muon.controller.Main;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.muon.controller.MuonConfig;
import dev.muon.controller.MuonController;
import dev.muon.northbound.NorthboundServer;
import org.slf4j.LoggerFactory;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the whole controller's API listens: loopback only by default (no-auth), HTTPS only when
 * given a certificate, reached there by the real CLI (--os-cacert) and by {@code muon flows}
 * (--cacert).
 */
@Tag("integration")
class ApiTransportIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void noAuthListensOnLoopbackOnlyByDefaultAndSaysSoLoudly(@TempDir Path dir) throws Exception {
        assertEquals("127.0.0.1", MuonConfig.load(null, Map.of(), Map.of()).get("rest.bind"));
        assertEquals("noauth", MuonConfig.load(null, Map.of(), Map.of()).get("auth.strategy"));
        int rest = Cloud.freePort();
        // No rest.bind here (Cloud would set one): the embedded default decides.
        MuonController controller = new MuonController(MuonConfig.load(null, Map.of(), Map.of(
                "rest.port", Integer.toString(rest), "data.dir", dir.toString(),
                "openflow.bind", "127.0.0.1", "openflow.port", Integer.toString(Cloud.freePort()),
                "ovsdb.bind", "127.0.0.1", "ovsdb.port", Integer.toString(Cloud.freePort()))));
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger northbound = (Logger) LoggerFactory.getLogger(NorthboundServer.class);
        log.start();
        northbound.addAppender(log);
        try {
            controller.start();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", rest), 5000);
            }
            // Another loopback address of this host answers only a listener bound to every address.
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.2", rest), 5000);
                }
            });
        } finally {
            controller.close();
            northbound.detachAppender(log);
        }
        assertTrue(log.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().contains("UNAUTHENTICATED")
                && e.getFormattedMessage().contains("admin of project 'admin'")), log.list.toString());
    }

    @Test
    void httpsOnlyWithTheCliAndMuonFlowsTrustingTheCa(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=muon test CA");
        run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "api-key.pem", "-out", "api-req.pem",
                "-subj", "/CN=127.0.0.1");
        run(dir, "openssl", "x509", "-req", "-in", "api-req.pem", "-CA", "ca.pem", "-CAkey", "ca-key.pem",
                "-CAcreateserial", "-out", "api-cert.pem", "-days", "2", "-extfile", "san.cnf");
        try (Cloud cloud = Cloud.start("https", Map.of("rest.tls.cert", dir.resolve("api-cert.pem").toString(),
                "rest.tls.key", dir.resolve("api-key.pem").toString()))) {
            String https = "https://127.0.0.1:" + cloud.restPort;
            assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + cloud.restPort + "/v2.0/networks")).build(),
                    HttpResponse.BodyHandlers.ofString()), "plain HTTP is not spoken");

            String created = run(dir, "/usr/bin/python3", "/usr/bin/openstack", "--os-auth-type", "none",
                    "--os-endpoint", https, "--os-cacert", dir.resolve("ca.pem").toString(),
                    "network", "create", "tls-net", "-f", "json");
            assertEquals("tls-net", JSON.readTree(created).get("name").asText());
            JsonNode list = JSON.readTree(run(dir, "/usr/bin/python3", "/usr/bin/openstack", "--os-auth-type", "none",
                    "--os-endpoint", https, "--os-cacert", dir.resolve("ca.pem").toString(), "network", "list",
                    "-f", "json"));
            assertEquals("tls-net", list.get(0).get("Name").asText());

            // muon flows: the TLS handshake and the no-auth admin pass; the node is unknown (404).
            String err = muon("flows", "no-such-node", "--url", https, "--cacert", dir.resolve("ca.pem").toString());
            assertTrue(err.contains("unknown node no-such-node"), err);
        }
    }

    /** {@code muon ...} in this JVM; answers what it printed on stderr. */
    static String muon(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            new CommandLine(new Main()).execute(args);
        } finally {
            System.setErr(saved);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String run(Path dir, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OS_"));
        Path err = Files.createTempFile(dir, "cmd", ".err");
        pb.redirectError(err.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " hung");
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed: " + Files.readString(err));
        return out;
    }
}
