package dev.muon.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.controller.MuonController;
import dev.muon.controller.tls.OvsPki;
import dev.muon.controller.tls.OvsPki.Certified;
import dev.muon.pipeline.compile.DatapathIds;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * OpenFlow and OVSDB over TLS with certificates made by the real ovs-pki, real OVS nodes
 * configured with {@code ovs-vsctl set-ssl} and {@code set-manager ssl:}: a node gets its bridges,
 * flows and ports; a node is who its certificate names, so another node's hostname or datapath id
 * is refused; a peer without a certificate is refused unless plain TCP is allowed.
 */
@Tag("integration")
class NodeTlsIT {
    private static Path pkiDir;
    private static OvsPki pki;
    private static Certified muon;
    private static Certified node1Cert;
    private static Certified node2Cert;

    private Cloud cloud;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger controllerLog = (Logger) LoggerFactory.getLogger(MuonController.class);

    @BeforeAll
    static void makePki() throws IOException {
        pkiDir = Files.createTempDirectory("muon-pki");
        pki = OvsPki.init(pkiDir);
        muon = pki.controller("muon");
        node1Cert = pki.node("node1");
        node2Cert = pki.node("node2");
    }

    @AfterAll
    static void removePki() throws IOException {
        try (var paths = Files.walk(pkiDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void captureLog() {
        log.start();
        controllerLog.addAppender(log);
    }

    @AfterEach
    void tearDown() throws Exception {
        controllerLog.detachAppender(log);
        if (cloud != null) {
            cloud.close();
        }
    }

    private static Map<String, String> ssl(boolean allowPlain) {
        return Map.of("ssl.key", muon.key().toString(), "ssl.cert", muon.cert().toString(),
                "ssl.ca_cert", pki.switchCa().toString(), "ssl.allow_plain", Boolean.toString(allowPlain));
    }

    /** A node configured as the README says: set-ssl with its own certificate, then an ssl: manager. */
    private OvsNode sslNode(String name, Certified cert, String hostname, String encapIp) throws Exception {
        OvsNode n = cloud.node(name);
        n.setSsl(cert.key(), cert.cert(), pki.controllerCa());
        n.vsctl("set-manager", "ssl:127.0.0.1:" + cloud.ovsdbPort, "--", "set", "Open_vSwitch", ".",
                "external_ids:hostname=" + hostname, "external_ids:muon-encap-ip=" + encapIp,
                "external_ids:muon-datapath-type=netdev");
        return n;
    }

    /** br-int's flows without counters, once the controller has programmed them. */
    private static Set<String> programmedFlows(OvsNode n) throws Exception {
        return Eventually.await(n.name + " br-int programmed", Cloud.CONVERGE, () -> flows(n), f -> f.size() > 5);
    }

    private static Set<String> flows(OvsNode n) throws IOException {
        return n.ofctl("dump-flows", "--no-stats", "br-int").lines().filter(l -> l.contains("actions="))
                .map(String::trim).collect(Collectors.toCollection(TreeSet::new));
    }

    private List<String> warnings(String containing) {
        synchronized (log) {
            return log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(containing)).toList();
        }
    }

    private String controllerTarget(OvsNode n, String bridge) throws IOException {
        return n.vsctl("get", "Controller", n.vsctl("get", "Bridge", bridge, "controller").replaceAll("[\\[\\]]", ""), "target");
    }

    @Test
    void aNodeOverSslGetsItsBridgesFlowsAndPorts() throws Exception {
        cloud = Cloud.start("tls", ssl(false));
        OvsNode node1 = cloud.node("node1");
        node1.vsctl("set", "Open_vSwitch", ".", "external_ids:muon-bridge-mappings=physnet1:br-eth1");
        node1.setSsl(node1Cert.key(), node1Cert.cert(), pki.controllerCa());
        node1.joinSsl(cloud.ovsdbPort, "192.168.1.11");
        Eventually.await("node1 bridges", Cloud.CONVERGE, () -> node1.vsctl("list-br"),
                s -> s.contains("br-int") && s.contains("br-tun") && s.contains("br-eth1"));
        assertEquals("\"ssl:127.0.0.1:" + cloud.ofPort + "\"", controllerTarget(node1, "br-int"));
        programmedFlows(node1);
        // a mapped physical bridge's switch is node1's too
        Eventually.await("br-eth1 programmed", Cloud.CONVERGE, () -> node1.ofctl("dump-flows", "--no-stats", "br-eth1"),
                f -> f.contains("actions="));
        // OVS reports both connections up (it refreshes these columns every few seconds)
        String manager = node1.vsctl("get", "Open_vSwitch", ".", "manager_options").replaceAll("[\\[\\]]", "");
        Eventually.await("node1's ssl: manager connected", Cloud.CONVERGE,
                () -> node1.vsctl("get", "Manager", manager, "is_connected"), "true"::equals);
        String controller = node1.vsctl("get", "Bridge", "br-int", "controller").replaceAll("[\\[\\]]", "");
        Eventually.await("node1's ssl: controller connected", Cloud.CONVERGE,
                () -> node1.vsctl("get", "Controller", controller, "is_connected"), "true"::equals);

        JsonNode net = cloud.network("net1");
        cloud.subnet(net, "10.0.0.0/24");
        JsonNode port = cloud.port(net);
        Cloud.plug(node1, "br-int", "tap1", port);
        cloud.awaitPort(port, "ACTIVE", "node1");
        assertTrue(warnings("refused").isEmpty(), "nothing refused: " + warnings("refused"));
    }

    @Test
    void aNodeWithAnotherNodesCertificateIsRefusedAndTheRealNodeKeepsItsFlows() throws Exception {
        cloud = Cloud.start("tls", ssl(false));
        OvsNode node1 = sslNode("node1", node1Cert, "node1", "192.168.1.11");
        Set<String> before = programmedFlows(node1);

        OvsNode impostor = sslNode("impostor", node2Cert, "node1", "192.168.1.99");
        // refused at every reconnect (OVS retries after 1 s, then 2 s...): it has been there a while
        Eventually.await("the impostor refused twice", Cloud.CONVERGE,
                () -> warnings("certificate names 'node2' but it claims hostname 'node1'"), w -> w.size() >= 2);
        String refusal = warnings("certificate names 'node2'").get(0);
        assertTrue(refusal.startsWith("refused OVSDB node at 127.0.0.1:"), refusal);

        // the real node is still programmed from its own state: a port plugged there goes ACTIVE
        // and it kept every flow it had; the impostor got nothing
        assertStillServedAlone(node1, before, impostor);

        // changing the hostname later on the same connection is checked the same way
        impostor.close();
        OvsNode node2 = sslNode("node2", node2Cert, "node2", "192.168.1.12");
        programmedFlows(node2);
        int refusedSoFar = warnings("certificate names 'node2' but it claims hostname 'node1'").size();
        node2.vsctl("set", "Open_vSwitch", ".", "external_ids:hostname=node1");
        Eventually.await("node2 refused when it claims node1", Cloud.CONVERGE,
                () -> warnings("certificate names 'node2' but it claims hostname 'node1'"), w -> w.size() > refusedSoFar);
        Set<String> lost = new TreeSet<>(before);
        lost.removeAll(flows(node1));
        assertEquals(Set.of(), lost);
    }

    @Test
    void peersWithoutCertificatesAreRefused() throws Exception {
        cloud = Cloud.start("tls", ssl(false));
        Socket silent = new Socket();
        silent.connect(new InetSocketAddress("127.0.0.1", cloud.ofPort), 5_000);
        // plain TCP, to both listeners: closed without a word
        for (int port : new int[] {cloud.ofPort, cloud.ovsdbPort}) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                s.setSoTimeout(30_000);
                s.getOutputStream().write(port == cloud.ofPort ? new byte[] {4, 0, 0, 8, 0, 0, 0, 1}
                        : "{\"id\": 1, \"method\": \"echo\", \"params\": []}".getBytes(StandardCharsets.UTF_8));
                assertEquals(List.of(), readUntilClosed(s), "plain TCP to " + port);
            }
        }
        // TLS without a client certificate: the handshake fails, nothing of OpenFlow comes through
        SSLSocket tls = tlsWithoutCertificate(cloud.ofPort);
        assertEquals(List.of(), readUntilClosed(tls));
        tls.close();
        // a certificate of another CA, with a real node's name
        Certified foreign = OvsPki.init(pkiDir.resolve("other")).node("node1");
        try (FakeSwitch fake = FakeSwitch.tls(cloud.ofPort, foreign.key(), foreign.cert(), pki.controllerCa())) {
            assertThrows(IOException.class, () -> fake.handshake(DatapathIds.of("node1", "br-int")));
        }
        // a real OVS node with a tcp: manager
        OvsNode plain = cloud.node("plain");
        plain.join(cloud.ovsdbPort, "192.168.1.13");
        Eventually.await("TLS refusals logged", Cloud.CONVERGE, () -> warnings("TLS handshake failed"), w -> w.size() >= 5);
        assertTrue(warnings("TLS handshake failed").get(0).startsWith("refused /127.0.0.1:"), warnings("TLS handshake failed").get(0));
        assertEquals("", plain.vsctl("list-br"));
        // a peer that never starts its handshake does not hold a connection for ever (SslHandler's timeout)
        assertEquals(List.of(), readUntilClosed(silent));
        silent.close();
    }

    @Test
    void plainTcpIsAcceptedAlongsideTlsWhenAllowed() throws Exception {
        cloud = Cloud.start("tls", ssl(true));
        OvsNode node1 = sslNode("node1", node1Cert, "node1", "192.168.1.11");
        // a lab node without SSL: tcp: manager, and a tcp: controller target of its own
        OvsNode node2 = cloud.node("node2");
        node2.vsctl("set", "Open_vSwitch", ".", "external_ids:muon-openflow-target=tcp:127.0.0.1:" + cloud.ofPort);
        node2.join(cloud.ovsdbPort, "192.168.1.12");
        programmedFlows(node1);
        programmedFlows(node2);
        assertEquals("\"ssl:127.0.0.1:" + cloud.ofPort + "\"", controllerTarget(node1, "br-int"));
        assertEquals("\"tcp:127.0.0.1:" + cloud.ofPort + "\"", controllerTarget(node2, "br-int"));
        Eventually.await("the tunnel mesh", Cloud.CONVERGE, () -> node1.vsctl("list-ports", "br-tun"),
                s -> s.contains("vxlan-c0a8010c"));
        // TLS is still TLS: without a certificate, refused
        SSLSocket tls = tlsWithoutCertificate(cloud.ofPort);
        assertEquals(List.of(), readUntilClosed(tls));
        tls.close();

        // a plain peer never wins over a certified one: not its datapath id...
        Set<String> before = flows(node1);
        try (FakeSwitch fake = FakeSwitch.plain(cloud.ofPort)) {
            fake.handshake(DatapathIds.of("node1", "br-int"));
            List<Integer> sent = fake.typesUntilClosed();
            sent.removeIf(t -> t == FakeSwitch.ECHO_REQUEST);
            assertEquals(List.of(), sent, "the controller closes without configuring the plain fake");
        }
        // ...nor its hostname
        OvsNode impostor = cloud.node("impostor");
        impostor.vsctl("set", "Open_vSwitch", ".", "external_ids:muon-openflow-target=tcp:127.0.0.1:" + cloud.ofPort);
        impostor.vsctl("set-manager", "tcp:127.0.0.1:" + cloud.ovsdbPort, "--", "set", "Open_vSwitch", ".",
                "external_ids:hostname=node1", "external_ids:muon-encap-ip=192.168.1.99",
                "external_ids:muon-datapath-type=netdev");
        String manager = impostor.vsctl("get", "Open_vSwitch", ".", "manager_options").replaceAll("[\\[\\]]", "");
        Eventually.await("the plain impostor connected", Cloud.CONVERGE,
                () -> impostor.vsctl("get", "Manager", manager, "is_connected"), "true"::equals);
        assertStillServedAlone(node1, before, impostor);
    }

    @Test
    void aFakeSwitchWithAnotherNodesDatapathIdIsRefused() throws Exception {
        cloud = Cloud.start("tls", ssl(false));
        OvsNode node1 = sslNode("node1", node1Cert, "node1", "192.168.1.11");
        Set<String> before = programmedFlows(node1);

        try (FakeSwitch fake = FakeSwitch.tls(cloud.ofPort, node2Cert.key(), node2Cert.cert(), pki.controllerCa())) {
            fake.handshake(DatapathIds.of("node1", "br-int"));
            List<Integer> sent = fake.typesUntilClosed();
            sent.removeIf(t -> t == FakeSwitch.ECHO_REQUEST);
            assertEquals(List.of(), sent, "the controller closes without configuring the fake");
        }
        Eventually.await("the fake switch refused", Cloud.CONVERGE, () -> warnings("refused OpenFlow switch"), w -> !w.isEmpty());
        assertTrue(warnings("refused OpenFlow switch").get(0).contains("certificate names 'node2' but datapath id "
                + DatapathIds.hex(DatapathIds.of("node1", "br-int"))), warnings("refused OpenFlow switch").get(0));
        // control: the same certificate with its own node's datapath id is taken and configured
        try (FakeSwitch own = FakeSwitch.tls(cloud.ofPort, node2Cert.key(), node2Cert.cert(), pki.controllerCa())) {
            own.handshake(DatapathIds.of("node2", "br-int"));
            own.awaitType(FakeSwitch.SET_CONFIG);
        }
        // the real br-int kept its connection (never replaced, never dropped) and its flows
        assertEquals(List.of(), warnings("switch " + Long.toHexString(DatapathIds.of("node1", "br-int")) + " disconnected"));
        Set<String> lost = new TreeSet<>(before);
        lost.removeAll(flows(node1));
        assertEquals(Set.of(), lost);
    }

    /** Bytes the server sent before it closed the connection (a TLS failure counts as closed). */
    private static List<Byte> readUntilClosed(Socket s) throws IOException {
        List<Byte> got = new ArrayList<>();
        try {
            s.setSoTimeout(30_000);
            int b;
            while ((b = s.getInputStream().read()) >= 0) {
                got.add((byte) b);
            }
        } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
            // refused by the TLS layer, or reset
        }
        return got;
    }

    /** A TLS client that trusts the controller but has no certificate of its own. */
    private static SSLSocket tlsWithoutCertificate(int port) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(pki.controllerCa())) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(30_000);
        try {
            s.getOutputStream().write(new byte[] {4, 0, 0, 8, 0, 0, 0, 1});   // a HELLO, if it gets that far
            s.getOutputStream().flush();
        } catch (IOException e) {
            // refused already (TLS 1.2 fails the handshake itself; 1.3 after it, at the next read or write)
        }
        return s;
    }

    /** A port plugged on the real node goes ACTIVE there, it lost none of {@code before}, and the impostor has no bridge. */
    private void assertStillServedAlone(OvsNode real, Set<String> before, OvsNode impostor) throws Exception {
        JsonNode net = cloud.network("net1");
        cloud.subnet(net, "10.0.0.0/24");
        JsonNode port = cloud.port(net);
        Cloud.plug(real, "br-int", "tap1", port);
        cloud.awaitPort(port, "ACTIVE", real.name);
        Set<String> lost = new TreeSet<>(before);
        lost.removeAll(flows(real));
        assertEquals(Set.of(), lost);
        assertEquals("", impostor.vsctl("list-br"));
    }
}
