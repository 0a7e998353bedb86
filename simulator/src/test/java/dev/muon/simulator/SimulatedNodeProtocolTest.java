package dev.muon.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A simulated node as a manager sees it on the wire, with a bare socket for the manager:
 * it dials, answers JSON-RPC as ovsdb-server does, reports changes to a monitor (the
 * commit, then ovs-vswitchd's port number a moment later), and dials again when dropped.
 */
class SimulatedNodeProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NioEventLoopGroup loop = new NioEventLoopGroup(1);
    private SimulatedNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** One accepted connection from the node. */
    private static final class Peer implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        /** Made on first use: it reads ahead at once, and the node says nothing until asked. */
        MappingIterator<JsonNode> in;

        Peer(ServerSocket manager) throws Exception {
            socket = manager.accept();
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
        }

        JsonNode call(String id, String method, String params) throws Exception {
            out.write(("{\"id\":\"" + id + "\",\"method\":\"" + method + "\",\"params\":" + params + "}")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            return next(m -> m.path("id").asText().equals(id));
        }

        JsonNode next(java.util.function.Predicate<JsonNode> wanted) throws Exception {
            if (in == null) {
                in = JSON.readerFor(JsonNode.class).readValues(socket.getInputStream());
            }
            while (true) {
                JsonNode m = in.next();
                if (wanted.test(m)) {
                    return m;
                }
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    @Test
    void speaksOvsdbToItsManagerAndDialsAgain() throws Exception {
        try (ServerSocket manager = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            manager.setSoTimeout(10_000);
            NodeConfig config = NodeConfig.compute("n1", "10.0.0.1").withBridgeMappings(Map.of("physnet1", "br-eth1"));
            node = SimulatedNode.start(loop, config, new InetSocketAddress("127.0.0.1", manager.getLocalPort()), false);

            try (Peer peer = new Peer(manager)) {
                assertEquals("[\"Open_vSwitch\"]", peer.call("1", "list_dbs", "[]").get("result").toString());
                assertEquals("[\"x\",1]", peer.call("2", "echo", "[\"x\",1]").get("result").toString());
                JsonNode schema = peer.call("3", "get_schema", "[\"Open_vSwitch\"]").get("result");
                assertEquals(JSON.readTree(Files.readString(Path.of("/usr/share/openvswitch/vswitch.ovsschema"))), schema);
                assertEquals("unknown database",
                        peer.call("4", "get_schema", "[\"nope\"]").get("error").get("error").asText());
                assertFalse(peer.call("5", "no_such_method", "[]").get("error").isNull());

                JsonNode initial = peer.call("6", "monitor", "[\"Open_vSwitch\",\"m\",{"
                        + "\"Open_vSwitch\":{\"columns\":[\"external_ids\",\"manager_options\"]},"
                        + "\"Interface\":{\"columns\":[\"name\",\"ofport\",\"external_ids\"]}}]").get("result");
                JsonNode root = initial.get("Open_vSwitch").elements().next().get("new");
                assertEquals(JSON.readTree("[\"map\",[[\"hostname\",\"n1\"],[\"muon-bridge-mappings\",\"physnet1:br-eth1\"],"
                        + "[\"muon-datapath-type\",\"netdev\"],[\"muon-encap-ip\",\"10.0.0.1\"],[\"muon-role\",\"compute\"]]]"),
                        root.get("external_ids"));
                assertEquals("uuid", root.get("manager_options").get(0).asText(), "a Manager row, as set-manager makes");

                // a transaction of the manager: br-int with its own port; the interface is reported
                // inserted, then numbered by "ovs-vswitchd"
                JsonNode reply = peer.call("7", "transact", "[\"Open_vSwitch\","
                        + "{\"op\":\"insert\",\"table\":\"Interface\",\"uuid-name\":\"i\",\"row\":{\"name\":\"br-int\",\"type\":\"internal\"}},"
                        + "{\"op\":\"insert\",\"table\":\"Port\",\"uuid-name\":\"p\",\"row\":{\"name\":\"br-int\",\"interfaces\":[\"named-uuid\",\"i\"]}},"
                        + "{\"op\":\"insert\",\"table\":\"Bridge\",\"uuid-name\":\"b\",\"row\":{\"name\":\"br-int\",\"ports\":[\"named-uuid\",\"p\"]}},"
                        + "{\"op\":\"mutate\",\"table\":\"Open_vSwitch\",\"where\":[],\"mutations\":[[\"bridges\",\"insert\",[\"named-uuid\",\"b\"]]]}]");
                assertEquals(4, reply.get("result").size(), reply.toString());
                JsonNode numbered = peer.next(m -> m.path("method").asText().equals("update")
                        && m.get("params").get(1).path("Interface").elements().next().path("new").path("ofport").asInt() == 65534);
                assertEquals("m", numbered.get("params").get(0).asText());
                JsonNode modify = numbered.get("params").get(1).get("Interface").elements().next();
                assertEquals("[\"set\",[]]", modify.get("old").get("ofport").toString(), "old: the ofport it had");

                // a VIF as os-vif plugs it
                int ofport = node.plug("tap1", "port-1", "fa:16:3e:00:00:01");
                assertEquals(1, ofport);
                JsonNode vif = peer.next(m -> m.path("method").asText().equals("update")
                        && m.get("params").get(1).path("Interface").elements().next().path("new").path("name").asText()
                        .equals("tap1"));
                assertTrue(vif.get("params").get(1).get("Interface").elements().next().get("new")
                        .get("external_ids").toString().contains("port-1"));

                assertTrue(peer.call("8", "monitor_cancel", "[\"m\"]").get("error").isNull());
                assertEquals("unknown monitor", peer.call("9", "monitor_cancel", "[\"m\"]").get("error").get("error").asText());
            }
            // the manager dropped it: it dials again within a second or so
            try (Peer again = new Peer(manager)) {
                assertEquals("[\"Open_vSwitch\"]", again.call("1", "list_dbs", "[]").get("result").toString());
                assertEquals(Integer.valueOf(1), node.ofport("tap1"), "the database outlives the connection");
            }
        }
    }

    @Test
    void probesASilentManagerWithEchoAndDropsItWhenUnanswered() throws Exception {
        try (ServerSocket manager = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            manager.setSoTimeout(10_000);
            node = SimulatedNode.start(loop, NodeConfig.compute("n1", "10.0.0.1"),
                    new InetSocketAddress("127.0.0.1", manager.getLocalPort()), false);
            try (Peer peer = new Peer(manager)) {
                long start = System.nanoTime();
                JsonNode probe = peer.next(m -> true);
                assertEquals("echo", probe.get("method").asText());
                assertTrue(System.nanoTime() - start > TimeUnit.SECONDS.toNanos(4), "probed only after silence");
                // not answered: the connection goes, as ovsdb-server drops a manager that does not answer
                assertFalse(peer.in.hasNext());
            }
        }
    }

    @Test
    void switchTargetsAreParsedAsOvsWritesThem() {
        assertEquals(new InetSocketAddress("127.0.0.1", 6653), Switches.tcpTarget("tcp:127.0.0.1:6653"));
        assertEquals(new InetSocketAddress("::1", 6653), Switches.tcpTarget("tcp:[::1]:6653"));
        assertEquals(null, Switches.tcpTarget("ssl:127.0.0.1:6653"));
        assertEquals(null, Switches.tcpTarget("punix:/var/run/x"));
        assertEquals(Set.of(), new Switches(loop.next()).byBridge().keySet());
    }
}
