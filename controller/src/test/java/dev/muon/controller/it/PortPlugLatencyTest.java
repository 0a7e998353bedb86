package dev.muon.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On a real OVS node: a VIF plugged as Nova plugs it is timed from OVSDB's report of its
 * interface to its port reading ACTIVE ({@code muon_port_plug_to_active_seconds}), and the node's
 * figures on {@code /metrics} show it connected, holding flows that Muon pushed.
 */
@Tag("integration")
class PortPlugLatencyTest {
    private static final String PLUGS = "muon_port_plug_to_active_seconds_count";

    private Cloud cloud;
    private OvsNode node1;

    @BeforeEach
    void setUp() throws Exception {
        cloud = Cloud.start("plug-latency");
        node1 = cloud.joinedNode("node1", "192.168.1.11");
    }

    @AfterEach
    void tearDown() throws Exception {
        cloud.close();
    }

    @Test
    void aPluggedPortIsTimedUntilItIsActive() throws Exception {
        JsonNode net = cloud.network("net1");
        cloud.subnet(net, "10.0.0.0/24");
        JsonNode port = cloud.port(net);
        Eventually.await("node1 connected and in sync", Cloud.CONVERGE, () -> cloud.rest.text("/metrics"),
                t -> MetricsText.value(t, "muon_node_connected{node=\"node1\"}") == 1);
        String before = cloud.rest.text("/metrics");
        assertEquals(0, MetricsText.value(before, PLUGS), "nothing plugged yet");

        Cloud.plug(node1, "br-int", "tapplug1", port);
        cloud.awaitPort(port, "ACTIVE", "node1");

        String after = Eventually.await("the plug timed", Cloud.CONVERGE, () -> cloud.rest.text("/metrics"),
                t -> MetricsText.value(t, PLUGS) == 1);
        double seconds = MetricsText.value(after, "muon_port_plug_to_active_seconds_sum");
        System.out.printf("plug to ACTIVE on node1: %.3f s%n", seconds);
        assertTrue(seconds > 0, after);
        assertTrue(MetricsText.value(after, "muon_node_flows_held{node=\"node1\"}") > 0, after);
        assertTrue(MetricsText.value(after, "muon_node_flows_changed_total{node=\"node1\"}") > 0, after);
        assertTrue(MetricsText.value(after, "muon_reconcile_passes_total{result=\"ok\"}") > 0, after);
        assertEquals(1, MetricsText.value(after, "muon_node_leases_held"), after);
    }
}
