package dev.muon.controller.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muon.controller.service.NeutronNetworkService;
import dev.muon.controller.service.ServiceConfig;
import dev.muon.northbound.NorthboundServer;
import dev.muon.pipeline.model.Port;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many HTTP clients at once against the controller's API on its database-backed store: no IP,
 * MAC, VNI or VLAN is ever given twice, and a pool runs out exactly at its size.
 */
class ConcurrentAllocationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 16;

    @TempDir
    Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();
    private ModelStore store;
    private NorthboundServer server;

    @BeforeEach
    void start() {
        store = ModelStore.open(dataDir);
        // 8 VNIs, and 5 VLANs on physnet1.
        ServiceConfig config = new ServiceConfig(1000, 1007, "admin", ServiceConfig.parseVlanRanges("physnet1:100:104"));
        server = new NorthboundServer(new NeutronNetworkService(store, config), new InetSocketAddress("127.0.0.1", 0));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void portsOnASmallSubnetGetDistinctAddressesAndMacsUntilItIsExactlyFull() throws Exception {
        String net = post("networks", "{\"network\": {\"name\": \"small\"}}").body().get("network").get("id").asText();
        // A /28: .1 is the gateway, the pool .2 to .14 holds 13 addresses.
        post("subnets", "{\"subnet\": {\"network_id\": \"" + net + "\", \"ip_version\": 4, \"cidr\": \"10.9.0.0/28\"}}");

        List<Reply> replies = concurrently(CLIENTS * 3, i -> post("ports",
                "{\"port\": {\"network_id\": \"" + net + "\", \"name\": \"p" + i + "\"}}"));

        List<JsonNode> created = replies.stream().filter(r -> r.status() == 201)
                .map(r -> r.body().get("port")).toList();
        assertEquals(13, created.size(), "the pool holds 13 addresses");
        Set<String> ips = created.stream().map(p -> p.get("fixed_ips").get(0).get("ip_address").asText())
                .collect(Collectors.toSet());
        Set<String> macs = created.stream().map(p -> p.get("mac_address").asText()).collect(Collectors.toSet());
        assertEquals(13, ips.size(), "an address was given twice: " + ips);
        assertEquals(13, macs.size(), "a MAC was given twice: " + macs);
        Set<String> pool = new HashSet<>();
        for (int host = 2; host <= 14; host++) {
            pool.add("10.9.0." + host);
        }
        assertEquals(pool, ips);
        for (Reply r : replies) {
            if (r.status() != 201) {
                assertEquals(409, r.status(), r.body().toString());
                assertEquals("IpAddressGenerationFailure", r.body().get("NeutronError").get("type").asText());
            }
        }

        // What the clients were told is what the database holds.
        server.close();
        store.close();
        store = ModelStore.open(dataDir);
        server = new NorthboundServer(new NeutronNetworkService(store, ServiceConfig.defaults()),
                new InetSocketAddress("127.0.0.1", 0));
        server.start();
        Set<String> stored = new HashSet<>();
        for (Port p : store.snapshot().ports().values()) {
            stored.add(p.fixedIps().get(0).ipAddress() + " " + p.macAddress());
        }
        Set<String> told = created.stream().map(p -> p.get("fixed_ips").get(0).get("ip_address").asText() + " "
                + p.get("mac_address").asText()).collect(Collectors.toSet());
        assertEquals(told, stored);
    }

    @Test
    void networksGetDistinctVnisAndVlansUntilTheRangesAreExactlyUsedUp() throws Exception {
        List<Reply> vxlan = concurrently(CLIENTS, i -> post("networks", "{\"network\": {\"name\": \"x" + i + "\"}}"));
        assertSegments(vxlan, 1000, 1007);

        List<Reply> vlan = concurrently(CLIENTS, i -> post("networks", "{\"network\": {\"name\": \"v" + i
                + "\", \"provider:network_type\": \"vlan\", \"provider:physical_network\": \"physnet1\"}}"));
        assertSegments(vlan, 100, 104);
    }

    private static void assertSegments(List<Reply> replies, int min, int max) {
        List<Integer> ids = new ArrayList<>();
        for (Reply r : replies) {
            if (r.status() == 201) {
                ids.add(r.body().get("network").get("provider:segmentation_id").asInt());
            } else {
                assertEquals(503, r.status(), r.body().toString());
                assertEquals("NoNetworkAvailable", r.body().get("NeutronError").get("type").asText());
            }
        }
        Set<Integer> range = new HashSet<>();
        for (int id = min; id <= max; id++) {
            range.add(id);
        }
        assertEquals(range.size(), ids.size(), "segments given: " + ids);
        assertEquals(range, new HashSet<>(ids));
    }

    private record Reply(int status, JsonNode body) {
    }

    private interface Request {
        Reply send(int i) throws Exception;
    }

    /** {@code count} requests from {@link #CLIENTS} threads, released together. */
    private static List<Reply> concurrently(int count, Request request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                Callable<Reply> call = () -> {
                    go.await();
                    return request.send(n);
                };
                futures.add(pool.submit(call));
            }
            long started = System.nanoTime();
            go.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : futures) {
                replies.add(f.get(60, TimeUnit.SECONDS));
            }
            System.out.printf("%d concurrent creates answered in %d ms%n", count,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    private Reply post(String collection, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/v2.0/" + collection))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() < 500 || r.statusCode() == 503, r.statusCode() + " " + r.body());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }
}
