package dev.muon.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus scrapes Muon's {@code /metrics} every second while a port is plugged on a real
 * OVS node, and its query API shows what an operator would graph: the target up, the node
 * connected with flows, the plug timed to ACTIVE, the API's requests by collection.
 */
@Tag("integration")
class PrometheusScrapeIT {
    private Cloud cloud;
    private PrometheusServer prometheus;

    @BeforeEach
    void setUp() throws Exception {
        cloud = Cloud.start("prometheus");
        prometheus = PrometheusServer.scraping("127.0.0.1:" + cloud.restPort, cloud.work);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (prometheus != null) {
                prometheus.close();
            }
        } finally {
            cloud.close();
        }
    }

    private double awaitQuery(String promql, java.util.function.DoublePredicate ok) throws Exception {
        try {
            return Eventually.await(promql, Cloud.CONVERGE, () -> prometheus.query(promql),
                    v -> v.isPresent() && ok.test(v.get())).get();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nPrometheus log:\n" + prometheus.logTail(), e);
        }
    }

    @Test
    void prometheusSeesAPluggedPort() throws Exception {
        OvsNode node1 = cloud.joinedNode("node1", "192.168.1.11");
        JsonNode net = cloud.network("net1");
        cloud.subnet(net, "10.0.0.0/24");
        JsonNode port = cloud.port(net);
        Cloud.plug(node1, "br-int", "tapprom1", port);
        cloud.awaitPort(port, "ACTIVE", "node1");

        assertEquals(1, awaitQuery("up{job=\"muon\"}", v -> v == 1));
        assertEquals(1, awaitQuery("muon_node_connected{node=\"node1\"}", v -> v == 1));
        assertTrue(awaitQuery("muon_port_plug_to_active_seconds_count", v -> v >= 1) >= 1);
        assertTrue(awaitQuery("muon_node_flows_held{node=\"node1\"}", v -> v > 0) > 0);
        assertTrue(awaitQuery("sum(muon_api_requests_total{resource=\"ports\",method=\"POST\",status=\"201\"})",
                v -> v >= 1) >= 1);
        Optional<Double> quantile = prometheus.query(
                "histogram_quantile(0.5, muon_port_plug_to_active_seconds_bucket)");
        assertTrue(quantile.isPresent() && quantile.get() > 0, "the plug latency's median: " + quantile);
        System.out.printf("Prometheus: port plug to ACTIVE median %.3f s, node1 holds %.0f flows%n", quantile.get(),
                prometheus.query("muon_node_flows_held{node=\"node1\"}").orElse(Double.NaN));
    }
}
