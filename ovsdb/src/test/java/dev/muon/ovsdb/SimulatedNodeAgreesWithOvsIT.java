package dev.muon.ovsdb;

import static dev.muon.ovsdb.Specs.bridge;
import static dev.muon.ovsdb.Specs.patch;
import static dev.muon.ovsdb.Specs.vxlan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.muon.pipeline.compile.BridgeSpec;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import dev.muon.simulator.SimulatedNode;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The simulator's numbers mean something only if a simulated node looks to the controller
 * like a real one. A real node (ovsdb-server and userspace ovs-vswitchd) and a simulated node,
 * configured alike, join the same manager; the controller builds the same bridges, patch
 * ports, tunnels and VLAN tags on both through its own API, the same VIF is plugged on both,
 * and the NodeState the controller sees must be the same, but for uuids and the actual port
 * numbers. Transactions ovsdb-server refuses must be refused by the simulator with the same
 * error.
 */
@Tag("integration")
class SimulatedNodeAgreesWithOvsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAC = "fa:16:3e:00:00:01";

    private OvsNode ovs;
    private OvsdbServer server;
    private NioEventLoopGroup loop;
    private SimulatedNode simulated;
    private final RecordingListener listener = new RecordingListener();
    private OvsdbNode realNode;
    private OvsdbNode simNode;

    @BeforeEach
    void startBoth() throws Exception {
        assertTrue(OvsNode.available(), "integration tests need Open vSwitch and test-topologies/ovs-node.sh");
        server = new OvsdbServer(new InetSocketAddress("127.0.0.1", 0), listener);
        server.start();
        ovs = OvsNode.start();
        ovs.vsctl("set-manager", "tcp:127.0.0.1:" + server.port(), "--", "set", "Open_vSwitch", ".",
                "external_ids:hostname=node1", "external_ids:muon-encap-ip=192.168.1.11",
                "external_ids:muon-datapath-type=netdev", "external_ids:muon-role=network",
                "external_ids:muon-bridge-mappings=physnet1:br-eth1");
        realNode = listener.await("connected", 1, WAIT).node();

        loop = new NioEventLoopGroup(1);
        var config = new dev.muon.simulator.NodeConfig("node1", "192.168.1.11", "network",
                Map.of("physnet1", "br-eth1"), "netdev", null, Set.of());
        // OVSDB only: the OpenFlow half is checked on its own
        simulated = SimulatedNode.start(loop, config, new InetSocketAddress("127.0.0.1", server.port()), false);
        simNode = listener.await("connected", 2, WAIT).node();
    }

    @AfterEach
    void stopBoth() throws Exception {
        try {
            if (simulated != null) {
                simulated.close();
            }
            if (loop != null) {
                loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            if (ovs != null) {
                ovs.close();
            }
        }
    }

    private static DesiredState desired(Map<String, Integer> vifTags, String... tunnelRemotes) {
        List<BridgeSpec> bridges = new ArrayList<>();
        bridges.add(bridge("br-int", patch("patch-tun", "patch-int"), patch("int-br-eth1", "phy-br-eth1")));
        List<dev.muon.pipeline.compile.PortSpec> tun = new ArrayList<>();
        tun.add(patch("patch-int", "patch-tun"));
        for (String remote : tunnelRemotes) {
            tun.add(vxlan(remote));
        }
        bridges.add(bridge("br-tun", tun.toArray(dev.muon.pipeline.compile.PortSpec[]::new)));
        bridges.add(bridge("br-eth1", patch("phy-br-eth1", "int-br-eth1")));
        return new DesiredState("node1", bridges, vifTags, Map.of(), Map.of());
    }

    private void applyToBoth(DesiredState desired) throws Exception {
        realNode.apply(desired).get(30, TimeUnit.SECONDS);
        simNode.apply(desired).get(30, TimeUnit.SECONDS);
    }

    /** The controller's view without what legitimately differs: uuids and port numbers. */
    private record View(NodeConfig config, Set<String> bridges, Set<String> interfaces) {
    }

    private static View view(NodeState s) {
        Set<String> interfaces = new TreeSet<>();
        for (ObservedInterface i : s.interfaces()) {
            String ofport = i.ofport() == null ? "none" : i.ofport() == 65534 ? "LOCAL" : i.ofport() > 0 ? "numbered"
                    : "failed";
            interfaces.add(i.bridge() + "/" + i.name() + " type=" + i.type() + " ofport=" + ofport + " tag=" + i.tag()
                    + " external_ids=" + new java.util.TreeMap<>(i.externalIds())
                    + " options=" + new java.util.TreeMap<>(i.options()));
        }
        return new View(s.config(), s.bridges(), interfaces);
    }

    /**
     * Waits until both nodes show {@code interfaces} interfaces, numbered but for system ones
     * (no such device here: OVS writes -1, which the controller sees as no ofport), then
     * compares them.
     */
    private View assertSameView(int interfaces) {
        var settled = (java.util.function.Predicate<NodeState>) s -> s.interfaces().size() == interfaces
                && s.interfaces().stream().allMatch(i -> i.ofport() != null || i.type().isEmpty());
        View real = view(RecordingListener.awaitState(realNode, settled, interfaces + " numbered interfaces"));
        View sim = view(RecordingListener.awaitState(simNode, settled, interfaces + " numbered interfaces"));
        assertEquals(real, sim);
        return real;
    }

    private void plugOnBoth() throws Exception {
        ovs.vsctl("add-port", "br-int", "vm1", "--", "set", "Interface", "vm1", "type=internal",
                "external_ids:iface-id=P1", "external_ids:attached-mac=" + MAC, "external_ids:iface-status=active");
        int ofport = simulated.plug("vm1", "P1", MAC);
        assertTrue(ofport > 0, "the simulated VIF got ofport " + ofport);
    }

    @Test
    void theControllerSeesTheSameNode() throws Exception {
        NodeState realJoined = RecordingListener.awaitState(realNode, s -> s.config() != null, "a NodeConfig");
        NodeState simJoined = RecordingListener.awaitState(simNode, s -> s.config() != null, "a NodeConfig");
        assertEquals(realJoined.config(), simJoined.config());
        assertEquals(Map.of("physnet1", "br-eth1"), simJoined.config().bridgeMappings());

        // bridges, patch ports and two tunnels; then a VIF, then its VLAN tag
        applyToBoth(desired(Map.of(), "192.168.1.12", "192.168.1.13"));
        plugOnBoth();
        applyToBoth(desired(Map.of("vm1", 5), "192.168.1.12", "192.168.1.13"));
        View built = assertSameView(10);
        assertTrue(built.interfaces().stream().anyMatch(i -> i.startsWith("br-int/vm1 type=internal ofport=numbered tag=5")),
                built.toString());
        assertTrue(built.interfaces().stream().anyMatch(i -> i.startsWith("br-tun/br-tun type=internal ofport=LOCAL")),
                built.toString());
        assertEquals(Set.of("br-int", "br-tun", "br-eth1"), built.bridges());

        // a remote node leaves and the VIF is unplugged
        applyToBoth(desired(Map.of("vm1", 5), "192.168.1.12"));
        ovs.vsctl("del-port", "br-int", "vm1");
        simulated.unplug("vm1");
        View shrunk = assertSameView(8);
        assertTrue(shrunk.interfaces().stream().noneMatch(i -> i.contains("/vm1 ") || i.contains("vxlan-c0a8010d")),
                shrunk.toString());
        assertEquals(ovs.vsctl("--bare", "--columns=name", "list", "Interface").lines().filter(l -> !l.isBlank()).count(),
                simulated.transact((ArrayNode) JSON.readTree("[{\"op\":\"select\",\"table\":\"Interface\",\"where\":[]}]"))
                        .get(0).get("rows").size(), "the same number of Interface rows: none left uncollected");
    }

    @Test
    void aTransactionTheControllerSendsIsRefusedByBoth() throws Exception {
        applyToBoth(desired(Map.of(), "192.168.1.12"));
        // someone put a port named like the next tunnel on another bridge: Port's name index forbids a second
        ovs.vsctl("add-br", "br-other", "--", "set", "Bridge", "br-other", "datapath_type=netdev",
                "--", "add-port", "br-other", "vxlan-c0a8010e");
        JsonNode added = simulated.transact((ArrayNode) JSON.readTree("["
                + "{\"op\":\"insert\",\"table\":\"Interface\",\"uuid-name\":\"i0\",\"row\":{\"name\":\"br-other\",\"type\":\"internal\"}},"
                + "{\"op\":\"insert\",\"table\":\"Port\",\"uuid-name\":\"p0\",\"row\":{\"name\":\"br-other\",\"interfaces\":[\"named-uuid\",\"i0\"]}},"
                + "{\"op\":\"insert\",\"table\":\"Interface\",\"uuid-name\":\"i1\",\"row\":{\"name\":\"vxlan-c0a8010e\"}},"
                + "{\"op\":\"insert\",\"table\":\"Port\",\"uuid-name\":\"p1\",\"row\":{\"name\":\"vxlan-c0a8010e\",\"interfaces\":[\"named-uuid\",\"i1\"]}},"
                + "{\"op\":\"insert\",\"table\":\"Bridge\",\"uuid-name\":\"b\",\"row\":{\"name\":\"br-other\",\"datapath_type\":\"netdev\","
                + "\"ports\":[\"set\",[[\"named-uuid\",\"p0\"],[\"named-uuid\",\"p1\"]]]}},"
                + "{\"op\":\"mutate\",\"table\":\"Open_vSwitch\",\"where\":[],\"mutations\":[[\"bridges\",\"insert\",[\"named-uuid\",\"b\"]]]}]"));
        assertTrue(added.toString().indexOf("error") < 0, added.toString());
        RecordingListener.awaitState(realNode, s -> s.bridges().contains("br-other"), "br-other");
        RecordingListener.awaitState(simNode, s -> s.bridges().contains("br-other"), "br-other");
        assertSameView(10);

        DesiredState clash = desired(Map.of(), "192.168.1.12", "192.168.1.14");
        for (OvsdbNode node : List.of(realNode, simNode)) {
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> node.apply(clash).get(30, TimeUnit.SECONDS));
            assertInstanceOf(OvsdbException.class, failed.getCause());
            assertTrue(failed.getCause().getMessage().contains("constraint violation"), failed.getCause().getMessage());
        }
        View after = assertSameView(10);
        assertTrue(after.interfaces().contains("br-other/vxlan-c0a8010e type= ofport=none tag=null external_ids={} options={}"),
                after.toString());
    }

    @Test
    void rawTransactionsGetTheSameResultsFromBoth() throws Exception {
        applyToBoth(desired(Map.of(), "192.168.1.12"));
        List<String> transactions = List.of(
                // one that works: a tag on a port
                "{\"op\":\"update\",\"table\":\"Port\",\"where\":[[\"name\",\"==\",\"patch-tun\"]],\"row\":{\"tag\":7}}",
                "{\"op\":\"comment\",\"comment\":\"x\"},{\"op\":\"update\",\"table\":\"Bridge\",\"where\":[],\"row\":{\"no_such\":1}},"
                        + "{\"op\":\"comment\",\"comment\":\"y\"}",
                "{\"op\":\"update\",\"table\":\"Port\",\"where\":[],\"row\":{\"tag\":5000}}",
                "{\"op\":\"update\",\"table\":\"Port\",\"where\":[],\"row\":{\"name\":\"x\"}}",
                "{\"op\":\"update\",\"table\":\"Bridge\",\"where\":[],\"row\":{\"fail_mode\":\"sometimes\"}}",
                "{\"op\":\"update\",\"table\":\"Port\",\"where\":[],\"row\":{\"interfaces\":[\"set\",[]]}}",
                "{\"op\":\"delete\",\"table\":\"Interface\",\"where\":[[\"name\",\"==\",\"patch-tun\"]]}",
                "{\"op\":\"insert\",\"table\":\"Open_vSwitch\",\"row\":{}}",
                "{\"op\":\"insert\",\"table\":\"Port\",\"row\":{\"name\":\"lonely\"}}",
                "{\"op\":\"insert\",\"table\":\"Interface\",\"row\":{\"name\":\"lonely\"}}",
                "{\"op\":\"bogus\"}",
                "{\"op\":\"mutate\",\"table\":\"Open_vSwitch\",\"where\":[],\"mutations\":[[\"next_cfg\",\"/=\",0]]}",
                "{\"op\":\"wait\",\"timeout\":0,\"table\":\"Bridge\",\"where\":[[\"name\",\"==\",\"br-int\"]],\"columns\":[\"name\"],"
                        + "\"until\":\"==\",\"rows\":[{\"name\":\"br-ex\"}]}",
                "{\"op\":\"select\",\"table\":\"Interface\",\"where\":[[\"name\",\"==\",\"patch-int\"]],"
                        + "\"columns\":[\"name\",\"type\",\"options\",\"external_ids\"]}",
                "{\"op\":\"select\",\"table\":\"Port\",\"where\":[[\"tag\",\"==\",7]],\"columns\":[\"name\",\"tag\"]}",
                // a reference before its insert, to rows nothing keeps: both collected, no error
                "{\"op\":\"insert\",\"table\":\"Port\",\"uuid-name\":\"p\",\"row\":{\"name\":\"fwd\",\"interfaces\":[\"named-uuid\",\"i\"]}},"
                        + "{\"op\":\"insert\",\"table\":\"Interface\",\"uuid-name\":\"i\",\"row\":{\"name\":\"fwd\"}},"
                        + "{\"op\":\"select\",\"table\":\"Port\",\"where\":[[\"name\",\"==\",\"fwd\"]],\"columns\":[\"name\"]}",
                "{\"op\":\"select\",\"table\":\"Port\",\"where\":[[\"name\",\"==\",\"fwd\"]],\"columns\":[\"name\"]}",
                "{\"op\":\"update\",\"table\":\"Bridge\",\"where\":[[\"name\",\"==\",\"br-int\"]],"
                        + "\"row\":{\"ports\":[\"uuid\",\"2f1c3c36-8a70-4c07-a9d3-5a3ab1f2b0a1\"]}}",
                "{\"op\":\"insert\",\"table\":\"Interface\",\"uuid-name\":\"i\",\"row\":{\"name\":\"a\"}},"
                        + "{\"op\":\"insert\",\"table\":\"Interface\",\"uuid-name\":\"i\",\"row\":{\"name\":\"b\"}}",
                // maps: insert never overwrites, delete takes keys or exact pairs
                "{\"op\":\"mutate\",\"table\":\"Bridge\",\"where\":[[\"name\",\"==\",\"br-int\"]],\"mutations\":["
                        + "[\"external_ids\",\"insert\",[\"map\",[[\"a\",\"1\"],[\"b\",\"2\"],[\"muon-owned\",\"no\"]]]],"
                        + "[\"external_ids\",\"delete\",[\"set\",[\"b\"]]],[\"external_ids\",\"delete\",[\"map\",[[\"a\",\"9\"]]]]]},"
                        + "{\"op\":\"select\",\"table\":\"Bridge\",\"where\":[[\"name\",\"==\",\"br-int\"]],\"columns\":[\"external_ids\"]}",
                "{\"op\":\"select\",\"table\":\"Bridge\",\"where\":[[\"external_ids\",\"includes\",[\"map\",[[\"a\",\"1\"]]]]],"
                        + "\"columns\":[\"name\"]}");
        for (String ops : transactions) {
            JsonNode real = JSON.readTree(ovs.transact(ops));
            JsonNode sim = simulated.transact((ArrayNode) JSON.readTree("[" + ops + "]"));
            assertEquals(outcome(real), outcome(sim), ops + "\nreal: " + real + "\nsimulated: " + sim);
        }
        assertSameView(8);
    }

    /** Per element: its error, or its result without uuids (which differ by nature). */
    private static List<Object> outcome(JsonNode result) throws Exception {
        List<Object> out = new ArrayList<>();
        for (JsonNode r : result) {
            if (r.isNull()) {
                out.add("null");
            } else if (r.has("error")) {
                out.add("error " + r.get("error").asText());
            } else if (r.has("uuid")) {
                out.add("uuid");
            } else {
                out.add(JSON.readTree(r.toString())); // same number classes on both sides; key order aside
            }
        }
        return out;
    }
}
