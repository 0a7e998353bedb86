package dev.muon.controller.metrics;

import dev.muon.northbound.Monitoring;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics as Prometheus reads them (the client's own text exposition): names follow its
 * conventions and every figure moves when the controller counts.
 */
class MuonMetricsTest {
    private final MuonMetrics metrics = new MuonMetrics();

    private String scrape() throws Exception {
        Monitoring.Scrape s = new PrometheusScrape(metrics.registry()).scrape(null, Map.of("Accept", List.of("text/plain")));
        assertEquals(200, s.status());
        assertTrue(s.headers().get("Content-Type").startsWith("text/plain; version=0.0.4"), s.headers().toString());
        return new String(s.body(), StandardCharsets.UTF_8);
    }

    /** Every family the text shows, by its TYPE line: name → type. */
    private static Map<String, String> families(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$").matcher(text);
        while (m.find()) {
            types.put(m.group(1), m.group(2));
        }
        return types;
    }

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertTrue(m.find(), "no series " + series + " in\n" + text);
        return Double.parseDouble(m.group(1));
    }

    private void countEverything() {
        metrics.apiRequest("networks", "POST", 201, 0.004);
        metrics.storeCommitted(2_000_000);
        metrics.passEnded(30_000_000);
        metrics.passFailed(1_000_000);
        metrics.flowsChanged("node1", 7);
        metrics.bundleFailed("node1");
        metrics.portActive(0.3);
        metrics.dhcpRequest();
        metrics.dhcpReply();
        metrics.packetIn("dhcp");
        metrics.leasesHeld(2);
        metrics.nodes(() -> List.of(new NodeFigures("node1", true, 120), new NodeFigures("node2", false, 0)));
    }

    @Test
    void namesFollowPrometheusConventions() throws Exception {
        countEverything();
        Map<String, String> families = families(scrape());
        for (String muon : List.of("muon_api_requests_total", "muon_api_request_duration_seconds",
                "muon_store_commit_duration_seconds", "muon_reconcile_passes_total", "muon_reconcile_duration_seconds",
                "muon_node_connected", "muon_node_flows_held", "muon_node_flows_changed_total",
                "muon_node_bundle_failures_total", "muon_port_plug_to_active_seconds", "muon_dhcp_requests_total",
                "muon_dhcp_replies_total", "muon_packet_ins_total", "muon_node_leases_held")) {
            assertTrue(families.containsKey(muon), muon + " missing from " + families.keySet());
        }
        assertTrue(families.keySet().stream().anyMatch(f -> f.startsWith("jvm_memory")), "JVM metrics: " + families.keySet());
        families.forEach((name, type) -> {
            assertTrue(name.matches("[a-z][a-z0-9_]*"), name + ": lower snake case");
            if (!name.startsWith("jvm_") && !name.startsWith("process_")) {
                assertTrue(name.startsWith("muon_"), name + ": muon_ prefix");
            }
            if (type.equals("counter")) {
                assertTrue(name.endsWith("_total"), name + ": a counter ends in _total");
            } else {
                assertTrue(!name.endsWith("_total"), name + ": only counters end in _total");
            }
            if (type.equals("histogram") && name.startsWith("muon_")) {
                assertTrue(name.endsWith("_seconds"), name + ": durations in seconds, the base unit");
            }
        });
        assertEquals("histogram", families.get("muon_port_plug_to_active_seconds"));
        assertEquals("gauge", families.get("muon_node_connected"));
    }

    @Test
    void countersMoveWhenTheControllerCounts() throws Exception {
        countEverything();
        metrics.apiRequest("networks", "POST", 201, 0.002);
        metrics.flowsChanged("node1", 3);
        String text = scrape();
        assertEquals(2, value(text, "muon_api_requests_total{method=\"POST\",resource=\"networks\",status=\"201\"}"));
        assertEquals(2, value(text, "muon_api_request_duration_seconds_count{method=\"POST\",resource=\"networks\"}"));
        assertEquals(10, value(text, "muon_node_flows_changed_total{node=\"node1\"}"));
        assertEquals(1, value(text, "muon_node_bundle_failures_total{node=\"node1\"}"));
        assertEquals(1, value(text, "muon_reconcile_passes_total{result=\"ok\"}"));
        assertEquals(1, value(text, "muon_reconcile_passes_total{result=\"failed\"}"));
        assertEquals(2, value(text, "muon_reconcile_duration_seconds_count"));
        assertEquals(0.031, value(text, "muon_reconcile_duration_seconds_sum"), 1e-9);
        assertEquals(1, value(text, "muon_store_commit_duration_seconds_count"));
        assertEquals(1, value(text, "muon_port_plug_to_active_seconds_count"));
        assertEquals(1, value(text, "muon_port_plug_to_active_seconds_bucket{le=\"0.5\"}"));
        assertEquals(0, value(text, "muon_port_plug_to_active_seconds_bucket{le=\"0.25\"}"));
        assertEquals(1, value(text, "muon_dhcp_requests_total"));
        assertEquals(1, value(text, "muon_dhcp_replies_total"));
        assertEquals(1, value(text, "muon_packet_ins_total{reason=\"dhcp\"}"));
        assertEquals(2, value(text, "muon_node_leases_held"));
        assertEquals(1, value(text, "muon_node_connected{node=\"node1\"}"));
        assertEquals(0, value(text, "muon_node_connected{node=\"node2\"}"));
        assertEquals(120, value(text, "muon_node_flows_held{node=\"node1\"}"));

        metrics.nodes(() -> List.of(new NodeFigures("node1", false, 120)));
        String later = scrape();
        assertEquals(0, value(later, "muon_node_connected{node=\"node1\"}"), "read at each scrape");
    }
}
