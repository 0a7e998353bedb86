package dev.muon.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeSimulatorTest {

    @Test
    void tunnelEndpointsAreDistinctHostAddresses() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 70_000; i++) {
            String ip = NodeSimulator.encapIp(i);
            assertTrue(seen.add(ip), ip);
            String last = ip.substring(ip.lastIndexOf('.') + 1);
            assertTrue(!last.equals("0") && !last.equals("255"), ip);
        }
        assertEquals("10.0.0.1", NodeSimulator.encapIp(0));
        assertEquals("10.0.1.1", NodeSimulator.encapIp(254));
    }

    @Test
    void startsNodesThatAllDialTheManager() throws Exception {
        try (ServerSocket manager = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            manager.setSoTimeout(10_000);
            try (NodeSimulator sim = NodeSimulator.start(5, "node", new InetSocketAddress("127.0.0.1",
                    manager.getLocalPort()))) {
                List<Socket> accepted = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    accepted.add(manager.accept());
                }
                assertEquals(List.of("node1", "node2", "node3", "node4", "node5"),
                        sim.nodes().stream().map(SimulatedNode::hostname).toList());
                long deadline = System.currentTimeMillis() + 5_000;
                while (sim.connectedCount() < 5 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(5, sim.connectedCount());
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }
}
