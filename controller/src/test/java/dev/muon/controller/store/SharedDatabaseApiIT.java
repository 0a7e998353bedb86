package dev.muon.controller.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muon.controller.MuonConfig;
import dev.muon.controller.MuonController;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two whole controllers on one real PostgreSQL database, as behind a load balancer: concurrent
 * clients write through either, every address, MAC and VNI is given once, and a read through one
 * controller sees every write the other acknowledged before it.
 */
@Tag("integration")
class SharedDatabaseApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PostgresCluster cluster;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @BeforeAll
    static void startServer() throws Exception {
        cluster = PostgresCluster.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void clientsWritingThroughEitherControllerGetUniqueValuesAndReadTheirWritesThroughTheOther() throws Exception {
        DatabaseLocation db = cluster.createDatabase();
        int restA = freePort();
        int restB = freePort();
        try (MuonController a = controller(db, "a", restA); MuonController b = controller(db, "b", restB)) {
            String net = post(restA, "networks", "{\"network\": {\"name\": \"shared\"}}").path("network").path("id").asText();
            post(restB, "subnets", "{\"subnet\": {\"network_id\": \"" + net + "\", \"cidr\": \"10.1.0.0/22\", \"ip_version\": 4}}");

            ExecutorService clients = Executors.newFixedThreadPool(8);
            long started = System.nanoTime();
            try {
                List<Future<JsonNode>> ports = new ArrayList<>();
                List<Future<JsonNode>> networks = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    int write = i % 2 == 0 ? restA : restB;
                    int read = write == restA ? restB : restA;
                    ports.add(clients.submit(() -> {
                        JsonNode port = post(write, "ports", "{\"port\": {\"network_id\": \"" + net + "\"}}").path("port");
                        // Read-your-writes through the other controller, at once.
                        assertEquals(200, get(read, "ports/" + port.path("id").asText()).statusCode());
                        return port;
                    }));
                    if (i % 10 == 0) {
                        String name = "net-" + i;
                        networks.add(clients.submit(() ->
                                post(write, "networks", "{\"network\": {\"name\": \"" + name + "\"}}").path("network")));
                    }
                }
                Set<String> ips = new HashSet<>();
                Set<String> macs = new HashSet<>();
                for (Future<JsonNode> f : ports) {
                    JsonNode p = f.get(120, TimeUnit.SECONDS);
                    assertTrue(ips.add(p.path("fixed_ips").path(0).path("ip_address").asText()), "address twice: " + p);
                    assertTrue(macs.add(p.path("mac_address").asText()), "MAC twice: " + p);
                }
                Set<Integer> vnis = new HashSet<>();
                for (Future<JsonNode> f : networks) {
                    JsonNode n = f.get(120, TimeUnit.SECONDS);
                    assertTrue(vnis.add(n.path("provider:segmentation_id").asInt()), "VNI twice: " + n);
                }
            } finally {
                clients.shutdownNow();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("two controllers, one PostgreSQL: 200 ports + 20 networks by 8 clients in %.2f s"
                    + " (%.0f writes/s, each port read back through the other controller)%n", seconds, 220 / seconds);
            JsonNode viaA = JSON.readTree(get(restA, "ports?network_id=" + net).body());
            JsonNode viaB = JSON.readTree(get(restB, "ports?network_id=" + net).body());
            assertEquals(200, viaA.path("ports").size());
            assertEquals(viaA, viaB, "both controllers answer the same");
        }
    }

    private MuonController controller(DatabaseLocation db, String name, int restPort) throws Exception {
        Map<String, String> o = new HashMap<>();
        o.put("rest.bind", "127.0.0.1");
        o.put("rest.port", Integer.toString(restPort));
        o.put("openflow.bind", "127.0.0.1");
        o.put("openflow.port", Integer.toString(freePort()));
        o.put("ovsdb.bind", "127.0.0.1");
        o.put("ovsdb.port", Integer.toString(freePort()));
        o.put("data.dir", work.resolve(name).toString());
        o.put("store.url", db.url());
        o.put("store.user", db.user());
        o.put("store.password", db.password());
        MuonController c = new MuonController(MuonConfig.load(null, Map.of(), o));
        c.start();
        return c;
    }

    private JsonNode post(int port, String collection, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2.0/" + collection))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2.0/" + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
