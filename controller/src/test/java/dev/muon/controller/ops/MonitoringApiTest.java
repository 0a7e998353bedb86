package dev.muon.controller.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muon.controller.MuonConfig;
import dev.muon.controller.reconcile.ReconcileObserver;
import dev.muon.controller.service.NeutronNetworkService;
import dev.muon.controller.service.QuotaDefaults;
import dev.muon.controller.service.ServiceConfig;
import dev.muon.controller.store.InMemoryPersistence;
import dev.muon.controller.store.ModelPersistence;
import dev.muon.controller.store.ModelStore;
import dev.muon.controller.store.NodeAllocations;
import dev.muon.controller.store.RememberedNodes;
import dev.muon.northbound.NorthboundServer;
import dev.muon.pipeline.model.NetworkModel;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The controller's monitoring behind the real API: {@code /metrics} in Prometheus' text format with
 * Muon's and the JVM's families and the API's own requests in them; {@code /muon/v1/health} 200
 * while the database answers and every node is in sync, 503 when not.
 */
class MonitoringApiTest {
    /** Storage in memory that a test can make unreachable, as a stopped database server is. */
    private static final class SwitchableStorage implements ModelPersistence {
        private final InMemoryPersistence memory = new InMemoryPersistence();
        volatile boolean down;

        @Override
        public Optional<Stored> load() {
            return memory.load();
        }

        @Override
        public void save(NetworkModel model, long version) {
            memory.save(model, version);
        }

        @Override
        public boolean reachable() {
            return !down;
        }

        @Override
        public NodeAllocations nodeAllocations() {
            return memory.nodeAllocations();
        }

        @Override
        public RememberedNodes rememberedNodes() {
            return memory.rememberedNodes();
        }
    }

    private final SwitchableStorage storage = new SwitchableStorage();
    private final ModelStore store = new ModelStore(storage);
    private final ControllerMonitoring monitoring = new ControllerMonitoring(store);
    private final NorthboundServer api;
    private final HttpClient http = HttpClient.newHttpClient();

    MonitoringApiTest() {
        MuonConfig config = MuonConfig.load(null, Map.of(), Map.of());
        NeutronNetworkService service = new NeutronNetworkService(store, ServiceConfig.from(config), QuotaDefaults.from(config));
        api = new NorthboundServer(service, new InetSocketAddress("127.0.0.1", 0)).monitoring(monitoring.endpoints());
        api.start();
    }

    @AfterEach
    void stop() {
        api.close();
        monitoring.close();
        store.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> awaitStatus(String path, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        HttpResponse<String> r = send("GET", path, null);
        while (r.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = send("GET", path, null);
        }
        assertEquals(status, r.statusCode(), path + ": " + r.body());
        return r;
    }

    @Test
    void metricsArePrometheusTextWithMuonsAndTheJvmsFamilies() throws Exception {
        HttpResponse<String> created = send("POST", "/v2.0/networks", "{\"network\": {\"name\": \"n1\"}}");
        assertEquals(201, created.statusCode());
        String id = new ObjectMapper().readTree(created.body()).get("network").get("id").asText();
        assertEquals(200, send("GET", "/v2.0/networks/" + id, null).statusCode());
        Thread.sleep(200);   // the request logger runs once the answer is sent

        HttpResponse<String> metrics = send("GET", "/metrics", null);
        assertEquals(200, metrics.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", metrics.headers().firstValue("Content-Type").orElse(""));
        String text = metrics.body();
        for (String family : new String[] {"# TYPE muon_api_requests_total counter",
                "# TYPE muon_api_request_duration_seconds histogram", "# TYPE muon_store_commit_duration_seconds histogram",
                "# TYPE muon_node_leases_held gauge", "# TYPE muon_dhcp_requests_total counter",
                "# TYPE muon_port_plug_to_active_seconds histogram", "# TYPE jvm_memory_used_bytes gauge"}) {
            assertTrue(text.contains(family), family + " missing from\n" + text);
        }
        assertTrue(text.contains("muon_api_requests_total{method=\"POST\",resource=\"networks\",status=\"201\"} 1"), text);
        assertTrue(text.contains("muon_api_requests_total{method=\"GET\",resource=\"networks\",status=\"200\"} 1"), text);
        assertFalse(text.contains(id), "no series names an object");
        assertTrue(text.matches("(?s).*muon_store_commit_duration_seconds_count [1-9].*"), "the network's commit was timed");
    }

    @Test
    void healthIs503WhileTheDatabaseIsUnreachable() throws Exception {
        assertEquals(200, send("GET", "/muon/v1/health", null).statusCode());
        storage.down = true;
        HttpResponse<String> down = awaitStatus("/muon/v1/health", 503);   // a probe's answer serves half a second
        JsonNode body = new ObjectMapper().readTree(down.body());
        assertEquals("unreachable", body.get("checks").get("database").asText());
        assertFalse(body.get("live").asBoolean());
        assertEquals(503, send("GET", "/muon/v1/health/live", null).statusCode());
        assertEquals(503, send("GET", "/muon/v1/health/ready", null).statusCode());
        storage.down = false;
        awaitStatus("/muon/v1/health/live", 200);
    }

    @Test
    void notReadyWhileANodeIsOutOfSync() throws Exception {
        ReconcileObserver reconciler = monitoring.reconcileObserver();
        reconciler.passStarted(Set.of("node1", "node2"));
        reconciler.nodeReconciled("node1", true, 40);
        reconciler.nodeReconciled("node2", false, 0);   // its br-int switch is not connected
        HttpResponse<String> ready = send("GET", "/muon/v1/health/ready", null);
        assertEquals(503, ready.statusCode());
        JsonNode nodes = new ObjectMapper().readTree(ready.body()).get("checks").get("nodes");
        assertEquals("[\"node2\"]", nodes.get("out_of_sync").toString());
        assertEquals(1, nodes.get("in_sync").asInt());
        assertEquals(200, send("GET", "/muon/v1/health/live", null).statusCode(), "alive all the same");

        reconciler.nodeReconciled("node2", true, 40);
        assertEquals(200, send("GET", "/muon/v1/health", null).statusCode());
        reconciler.nodeFailed("node1");   // a bundle refused
        assertEquals(503, send("GET", "/muon/v1/health/ready", null).statusCode());
        reconciler.passStarted(Set.of("node2"));   // node1 gone: no longer this controller's to program
        assertEquals(200, send("GET", "/muon/v1/health/ready", null).statusCode());
    }
}
