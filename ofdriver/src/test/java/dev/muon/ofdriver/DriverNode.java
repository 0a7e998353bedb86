package dev.muon.ofdriver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;

/**
 * What the driver's integration tests share: a real ovs-vswitchd node (userspace datapath) and
 * an {@link OpenFlowServer} on a free loopback port, recording what its switches do.
 */
final class DriverNode implements AutoCloseable {
    final RecordingListener listener;
    final OpenFlowServer server;
    final OvsNode node;

    private DriverNode(RecordingListener listener, OpenFlowServer server, OvsNode node) {
        this.listener = listener;
        this.server = server;
        this.node = node;
    }

    static DriverNode start() throws Exception {
        assertTrue(OvsNode.available(), "integration tests need root, Open vSwitch and socat (run ./muon test, which installs them)");
        RecordingListener listener = new RecordingListener();
        OpenFlowServer server = new OpenFlowServer(new InetSocketAddress("127.0.0.1", 0), listener);
        server.start();
        try {
            return new DriverNode(listener, server, OvsNode.start(server.port()));
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    /** A secure-mode netdev bridge pointed at the server, offering {@code protocols}; its switch once connected. */
    OpenFlowSwitch bridge(String name, long dpid, String protocols) throws Exception {
        node.vsctl("add-br", name, "--", "set", "bridge", name, "datapath_type=netdev", "fail_mode=secure",
                "protocols=" + protocols, String.format("other_config:datapath-id=%016x", dpid),
                "--", "set-controller", name, "tcp:127.0.0.1:" + server.port());
        return listener.await("connected", dpid, 20_000).sw();
    }

    @Override
    public void close() {
        node.close();
        server.close();
    }
}
