package dev.muon.ovsdb;

import static dev.muon.ovsdb.Specs.brInt;
import static dev.muon.ovsdb.Specs.brTun;
import static dev.muon.ovsdb.Specs.desired;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeRole;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Against a real ovsdb-server and ovs-vswitchd (userspace datapath): a node joins with
 * set-manager as an operator would, Muon creates br-int/br-tun with patch and tunnel ports,
 * tags a VIF plugged the way Nova does, removes a tunnel, repairs drift, and reconnects.
 */
@Tag("integration")
class OvsdbIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private OvsNode ovs;
    private OvsdbServer server;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void startNodeAndManager() throws Exception {
        assertTrue(OvsNode.available(), "integration tests need Open vSwitch and test-topologies/ovs-node.sh (run ./muon test, which installs them)");
        ovs = OvsNode.start();
        server = new OvsdbServer(new InetSocketAddress("127.0.0.1", 0), listener);
        server.start();
    }

    @AfterEach
    void stopEverything() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (ovs != null) {
                ovs.close();
            }
        }
    }

    private OvsdbConnection joinNode() throws Exception {
        ovs.vsctl("set-manager", "tcp:127.0.0.1:" + server.port(), "--", "set", "Open_vSwitch", ".",
                "external_ids:hostname=node1", "external_ids:muon-encap-ip=192.168.1.11",
                "external_ids:muon-datapath-type=netdev", "external_ids:muon-bridge-mappings=\"\"");
        // (an empty value must be quoted for ovs-vsctl)
        OvsdbNode node = listener.await("connected", 1, WAIT).node();
        return assertInstanceOf(OvsdbConnection.class, node);
    }

    private static void apply(OvsdbNode node, DesiredState desired) throws Exception {
        node.apply(desired).get(30, TimeUnit.SECONDS);
    }

    private Set<String> lines(String text) {
        return text.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(text.split("\n")));
    }

    @Test
    void nodeJoinsAndMuonBuildsAndMaintainsItsBridges() throws Exception {
        OvsdbConnection node = joinNode();

        // --- onboarding: the node's declaration arrives as NodeConfig ---
        NodeState joined = RecordingListener.awaitState(node, s -> s.config() != null, "a NodeConfig");
        NodeConfig config = joined.config();
        assertEquals("node1", config.hostname());
        assertEquals("192.168.1.11", config.encapIp());
        assertEquals("netdev", config.datapathType());
        assertEquals(NodeRole.COMPUTE, config.role());
        assertEquals(Map.of(), config.bridgeMappings());
        assertNull(config.openflowTarget());
        assertEquals(node.connectionId(), joined.connectionId());
        assertTrue(node.connectionId().startsWith("127.0.0.1:"));
        RecordingListener.Event firstChange = listener.await("changed", 1, WAIT);
        assertEquals(1, listener.events.indexOf(firstChange), "nodeChanged follows nodeConnected");
        assertEquals(Set.of(), joined.bridges());

        // --- Muon creates br-int and br-tun ---
        apply(node, desired(Map.of(), brInt(), brTun(true)));
        assertEquals(1, node.transactionsSent(), "both bridges in one transaction");
        assertEquals(Set.of("br-int", "br-tun"), lines(ovs.vsctl("list-br")));
        for (var spec : List.of(brInt(), brTun(true))) {
            String br = spec.name();
            assertEquals("netdev", ovs.vsctl("get", "Bridge", br, "datapath_type"));
            assertEquals("secure", ovs.vsctl("get", "Bridge", br, "fail_mode"));
            assertEquals("[OpenFlow13, OpenFlow14]", ovs.vsctl("get", "Bridge", br, "protocols"));
            assertEquals("\"" + spec.datapathId() + "\"", ovs.vsctl("get", "Bridge", br, "other_config:datapath-id"));
            assertEquals("\"true\"", ovs.vsctl("get", "Bridge", br, "external_ids:muon-owned"));
            assertEquals("tcp:127.0.0.1:6653", ovs.vsctl("get-controller", br));
            assertEquals("internal", ovs.vsctl("get", "Interface", br, "type"));
            assertEquals("{}", ovs.vsctl("get", "Port", br, "external_ids"), "the bridge's own port is not Muon's");
        }
        assertEquals(Set.of("patch-tun"), lines(ovs.vsctl("list-ports", "br-int")));
        assertEquals(Set.of("patch-int", "vxlan-c0a8010c"), lines(ovs.vsctl("list-ports", "br-tun")));
        assertEquals("patch", ovs.vsctl("get", "Interface", "patch-tun", "type"));
        assertEquals("{peer=patch-int}", ovs.vsctl("get", "Interface", "patch-tun", "options"));
        assertEquals("{peer=patch-tun}", ovs.vsctl("get", "Interface", "patch-int", "options"));
        assertEquals("vxlan", ovs.vsctl("get", "Interface", "vxlan-c0a8010c", "type"));
        assertEquals("{in_key=flow, local_ip=\"192.168.1.11\", out_key=flow, remote_ip=\"192.168.1.12\"}",
                ovs.vsctl("get", "Interface", "vxlan-c0a8010c", "options"));
        assertEquals("{muon-owned=\"true\"}", ovs.vsctl("get", "Port", "vxlan-c0a8010c", "external_ids"));

        // --- ovs-vswitchd numbers the ports; the NodeState shows it ---
        NodeState numbered = RecordingListener.awaitState(node, s -> s.ofport("br-int", "patch-tun").isPresent()
                && s.ofport("br-tun", "patch-int").isPresent()
                && s.ofport("br-tun", "vxlan-c0a8010c").isPresent(), "ofports of patch and vxlan ports");
        assertEquals(Set.of("br-int", "br-tun"), numbered.bridges());
        assertEquals(Integer.parseInt(ovs.vsctl("get", "Interface", "vxlan-c0a8010c", "ofport")),
                numbered.ofport("br-tun", "vxlan-c0a8010c").orElseThrow());
        assertEquals(Map.of("remote_ip", "192.168.1.12", "local_ip", "192.168.1.11", "in_key", "flow",
                "out_key", "flow"), numbered.iface("br-tun", "vxlan-c0a8010c").orElseThrow().options());

        // --- a VIF plugged as Nova/os-vif does ---
        ovs.vsctl("add-port", "br-int", "vm1", "--", "set", "Interface", "vm1", "type=internal",
                "external_ids:iface-id=P1", "external_ids:attached-mac=fa:16:3e:00:00:01", "external_ids:vm-uuid=V1");
        NodeState plugged = RecordingListener.awaitState(node, s -> s.vifs("br-int").size() == 1
                && s.vifs("br-int").get(0).hasOfport(), "vm1 as a VIF with an ofport");
        ObservedInterface vm1 = plugged.vifs("br-int").get(0);
        assertEquals("vm1", vm1.name());
        assertEquals("P1", vm1.ifaceId());
        assertEquals("fa:16:3e:00:00:01", vm1.attachedMac());
        assertEquals("V1", vm1.externalIds().get("vm-uuid"));
        assertNull(vm1.tag());

        // --- Muon tags it with its local VLAN ---
        apply(node, desired(Map.of("vm1", 5), brInt(), brTun(true)));
        assertEquals(2, node.transactionsSent());
        assertEquals("5", ovs.vsctl("get", "Port", "vm1", "tag"));
        assertEquals(5, node.state().iface("br-int", "vm1").orElseThrow().tag());

        // --- the remote node left: its tunnel goes, the VIF and Muon's other ports stay ---
        DesiredState withoutTunnel = desired(Map.of("vm1", 5), brInt(), brTun(false));
        apply(node, withoutTunnel);
        assertEquals(3, node.transactionsSent());
        assertEquals(Set.of("patch-int"), lines(ovs.vsctl("list-ports", "br-tun")));
        assertEquals(Set.of("patch-tun", "vm1"), lines(ovs.vsctl("list-ports", "br-int")));
        assertEquals("5", ovs.vsctl("get", "Port", "vm1", "tag"));
        assertFalse(lines(ovs.vsctl("--bare", "--columns=name", "list", "Interface")).contains("vxlan-c0a8010c"),
                "the tunnel's Interface row is gone too");
        assertTrue(node.state().iface("br-tun", "vxlan-c0a8010c").isEmpty());

        // --- nothing differs: nothing is sent, however soon it is asked again ---
        String before = ovs.vsctl("--format=json", "list", "Bridge");
        apply(node, withoutTunnel);
        apply(node, withoutTunnel);
        assertEquals(3, node.transactionsSent());
        assertEquals(before, ovs.vsctl("--format=json", "list", "Bridge"));

        // --- drift by hand is repaired; keys Muon does not own survive ---
        ovs.vsctl("set", "Bridge", "br-int", "fail_mode=standalone", "other_config:datapath-id=0000000000000099",
                "other_config:foo=bar", "--", "set-controller", "br-int", "tcp:127.0.0.1:9999", "tcp:127.0.0.1:9998",
                "--", "set", "Interface", "patch-tun", "options:peer=nowhere");
        RecordingListener.awaitState(node, s -> s.iface("br-int", "patch-tun").orElseThrow().options()
                .get("peer").equals("nowhere"), "the drifted patch port");
        apply(node, withoutTunnel);
        assertEquals(4, node.transactionsSent());
        assertEquals("secure", ovs.vsctl("get", "Bridge", "br-int", "fail_mode"));
        assertEquals("\"" + brInt().datapathId() + "\"", ovs.vsctl("get", "Bridge", "br-int", "other_config:datapath-id"));
        assertEquals("bar", ovs.vsctl("get", "Bridge", "br-int", "other_config:foo"));
        assertEquals("tcp:127.0.0.1:6653", ovs.vsctl("get-controller", "br-int"));
        long controllers = ovs.vsctl("--bare", "--columns=_uuid", "list", "Controller").lines()
                .filter(l -> !l.isBlank()).count();
        assertEquals(2, controllers, "one Controller row per bridge; the replaced ones are collected");
        assertEquals("{peer=patch-int}", ovs.vsctl("get", "Interface", "patch-tun", "options"));

        // --- disconnect and reconnect: a new node object, nothing to redo ---
        ovs.vsctl("del-manager");
        listener.await("disconnected", 1, WAIT);
        assertFalse(node.isConnected());
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> node.apply(withoutTunnel).get(10, TimeUnit.SECONDS));
        assertInstanceOf(OvsdbException.class, refused.getCause());

        ovs.vsctl("set-manager", "tcp:127.0.0.1:" + server.port());
        OvsdbConnection again = assertInstanceOf(OvsdbConnection.class, listener.await("connected", 2, WAIT).node());
        assertNotSame(node, again);
        assertEquals("node1", again.state().hostname());
        apply(again, withoutTunnel);
        assertEquals(0, again.transactionsSent());
    }

    @Test
    void connectionSurvivesTheServersInactivityProbes() throws Exception {
        OvsdbConnection node = joinNode();
        // probe after 1 s of silence, well before our own 5 s echo: only answering keeps us on
        ovs.vsctl("set", "Manager", "tcp:127.0.0.1:" + server.port(), "inactivity_probe=1000");
        Thread.sleep(6_000);
        assertTrue(node.isConnected());
        assertEquals(1, listener.events.stream().filter(e -> e.kind().equals("connected")).count());
        assertTrue(listener.events.stream().noneMatch(e -> e.kind().equals("disconnected")), listener.events.toString());
        String log = java.nio.file.Files.readString(ovs.dir.resolve("ovsdb-server.log"));
        assertFalse(log.contains("inactivity probe"), log);
        apply(node, desired(Map.of(), brInt()));
        assertEquals(Set.of("br-int"), lines(ovs.vsctl("list-br")));
    }

    @Test
    void transactionErrorsFailTheFuture() throws Exception {
        OvsdbConnection node = joinNode();
        RecordingListener.awaitState(node, s -> s.config() != null, "a NodeConfig");
        // a port name already used on another bridge violates Port's name index
        ovs.vsctl("add-br", "br-other", "--", "set", "Bridge", "br-other", "datapath_type=netdev",
                "--", "add-port", "br-other", "patch-tun");
        RecordingListener.awaitState(node, s -> s.bridges().contains("br-other"), "br-other");
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> node.apply(desired(Map.of(), brInt())).get(30, TimeUnit.SECONDS));
        assertInstanceOf(OvsdbException.class, failed.getCause());
        assertTrue(failed.getCause().getMessage().contains("constraint violation"), failed.getCause().getMessage());
        assertEquals(Set.of("br-other"), lines(ovs.vsctl("list-br")), "nothing of the failed transaction stays");
        // the connection is still usable
        ovs.vsctl("del-br", "br-other");
        RecordingListener.awaitState(node, s -> s.bridges().isEmpty(), "br-other gone");
        apply(node, desired(Map.of(), brInt()));
        assertEquals(Set.of("br-int"), lines(ovs.vsctl("list-br")));
    }

    @Test
    void activeClientDialsAListeningNode() throws Exception {
        int port = OvsNode.freePort();
        ovs.vsctl("set-manager", "ptcp:" + port + ":127.0.0.1", "--", "set", "Open_vSwitch", ".",
                "external_ids:hostname=node2", "external_ids:muon-encap-ip=192.168.1.12",
                "external_ids:muon-role=network", "external_ids:muon-bridge-mappings=physnet1:br-eth1");
        RecordingListener active = new RecordingListener();
        try (OvsdbClient client = OvsdbClient.connect("127.0.0.1", port, active)) {
            OvsdbNode node = active.await("connected", 1, WAIT).node();
            NodeState state = RecordingListener.awaitState(node, s -> s.config() != null, "a NodeConfig");
            assertEquals("node2", state.hostname());
            assertEquals(NodeRole.NETWORK, state.config().role());
            assertEquals(Map.of("physnet1", "br-eth1"), state.config().bridgeMappings());
            assertEquals(node, client.node().orElseThrow());
            apply(node, desired(Map.of(), brInt()));
            assertEquals(Set.of("br-int"), lines(ovs.vsctl("list-br")));
        }
        active.await("disconnected", 1, WAIT);
    }
}
