package dev.muon.ovsdb;

import static dev.muon.ovsdb.Specs.brInt;
import static dev.muon.ovsdb.Specs.brTun;
import static dev.muon.ovsdb.Specs.desired;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.node.NodeState;
import dev.muon.simulator.NodeConfig;
import dev.muon.simulator.NodeSimulator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Simulated nodes (OVSDB only, no Open vSwitch needed) join the real manager, are
 * configured through the controller's own API, and come back after the manager restarts.
 */
class SimulatedNodesJoinTest {

    private static final int NODES = 40;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void manyNodesJoinAreBuiltAndReconnect() throws Exception {
        RecordingListener listener = new RecordingListener();
        OvsdbServer server = new OvsdbServer(new InetSocketAddress("127.0.0.1", 0), listener);
        server.start();
        int port = server.port();
        List<NodeConfig> configs = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            configs.add(NodeConfig.compute("sim" + i, "10.0.0." + i));
        }
        try (NodeSimulator sim = NodeSimulator.start(configs, new InetSocketAddress("127.0.0.1", port), false, 2)) {
            listener.await("connected", NODES, WAIT);
            List<OvsdbNode> nodes = new ArrayList<>();
            Set<String> hostnames = new TreeSet<>();
            for (RecordingListener.Event e : listener.events) {
                if (e.kind().equals("connected")) {
                    nodes.add(e.node());
                    hostnames.add(RecordingListener.awaitState(e.node(), s -> s.config() != null, "config").hostname());
                }
            }
            assertEquals(NODES, hostnames.size());
            assertTrue(hostnames.contains("sim17"));

            List<CompletableFuture<Void>> applied = new ArrayList<>();
            nodes.forEach(n -> applied.add(n.apply(desired(Map.of(), brInt(), brTun(true)))));
            CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            for (OvsdbNode n : nodes) {
                NodeState s = RecordingListener.awaitState(n, st -> st.interfaces().size() == 5
                        && st.interfaces().stream().allMatch(i -> i.ofport() != null), "five numbered interfaces");
                assertEquals(65534, s.ofport("br-int", "br-int").orElseThrow());
                assertTrue(s.ofport("br-tun", "vxlan-c0a8010c").orElseThrow() > 0);
                assertEquals(Map.of("peer", "patch-int"), s.iface("br-int", "patch-tun").orElseThrow().options());
            }
            assertEquals(NODES, sim.connectedCount());

            // the manager restarts on the same port: every node dials again within seconds
            server.close();
            listener.await("disconnected", NODES, WAIT);
            server = new OvsdbServer(new InetSocketAddress("127.0.0.1", port), listener);
            server.start();
            listener.await("connected", 2 * NODES, WAIT);
            OvsdbNode again = listener.events.stream().filter(e -> e.kind().equals("connected"))
                    .reduce((a, b) -> b).orElseThrow().node();
            NodeState built = RecordingListener.awaitState(again, s -> s.bridges().size() == 2, "its bridges");
            assertEquals(Set.of("br-int", "br-tun"), built.bridges());
        } finally {
            server.close();
        }
    }
}
