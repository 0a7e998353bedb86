package dev.muon.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muon.controller.store.DatabaseLocation;
import dev.muon.controller.store.PostgresCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code /muon/v1/health} as a load balancer sees it, on a controller whose model is in a real
 * PostgreSQL server the test starts, with real OVS nodes: 200 while the database answers and every
 * node is in sync; 503 while the server is stopped (not live, not ready) and while a node is
 * connected by OVSDB but its switches cannot reach the controller (alive, not ready); 200 again
 * once that is over.
 */
@Tag("integration")
class HealthApiTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private PostgresCluster postgres;
    private Cloud cloud;

    @BeforeEach
    void setUp() throws Exception {
        postgres = PostgresCluster.start();
        DatabaseLocation db = postgres.createDatabase();
        cloud = Cloud.start("health", Map.of("store.url", db.url(), "store.user", db.user(),
                "store.password", db.password()));
        cloud.joinedNode("node1", "192.168.1.11");
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            cloud.close();
        } finally {
            postgres.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cloud.restPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitStatus(String path, int status) throws Exception {
        Eventually.await(path + " " + status, Cloud.CONVERGE, () -> get(path), r -> r.statusCode() == status);
    }

    @Test
    void unavailableWhileTheDatabaseServerIsStopped() throws Exception {
        awaitStatus("/muon/v1/health", 200);
        postgres.stop();
        awaitStatus("/muon/v1/health", 503);
        JsonNode report = json.readTree(get("/muon/v1/health").body());
        assertEquals("unreachable", report.get("checks").get("database").asText());
        assertEquals(503, get("/muon/v1/health/live").statusCode());
        assertEquals(503, get("/muon/v1/health/ready").statusCode());

        postgres.restart();
        awaitStatus("/muon/v1/health", 200);
        assertEquals(200, get("/muon/v1/health/live").statusCode());
    }

    @Test
    void notReadyWhileANodesSwitchesCannotReachTheController() throws Exception {
        awaitStatus("/muon/v1/health/ready", 200);
        // node2's OpenFlow relay leads to a port nobody listens on: OVSDB connects, its bridges never do
        OvsNode node2 = OvsNode.start("node2", cloud.work, Cloud.freePort());
        try {
            node2.join(cloud.ovsdbPort, "192.168.1.12");
            awaitStatus("/muon/v1/health/ready", 503);
            JsonNode nodes = json.readTree(get("/muon/v1/health/ready").body()).get("checks").get("nodes");
            assertEquals("[\"node2\"]", nodes.get("out_of_sync").toString());
            assertEquals(2, nodes.get("programmed").asInt());
            assertEquals(200, get("/muon/v1/health/live").statusCode(), "alive all the same");
            assertEquals(0, MetricsText.value(get("/metrics").body(), "muon_node_connected{node=\"node2\"}"));
            assertEquals(1, MetricsText.value(get("/metrics").body(), "muon_node_connected{node=\"node1\"}"));
        } finally {
            node2.close();
        }
        awaitStatus("/muon/v1/health/ready", 200);
    }
}
