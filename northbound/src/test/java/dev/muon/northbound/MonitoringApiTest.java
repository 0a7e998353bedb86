package dev.muon.northbound;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The monitoring endpoints on an API that demands Keystone tokens: Prometheus and a load balancer
 * get in without one (everything else still answers 401), health answers 200 or 503 as its report
 * says, and every request is counted under its route's collection, never its path.
 */
class MonitoringApiTest {
    private final List<String> served = new CopyOnWriteArrayList<>();
    private volatile HealthReport report = new HealthReport(true, 2, List.of());
    private final ApiUnderTest api;

    MonitoringApiTest() {
        // a Keystone nobody listens on: a request without a token is refused before it is asked
        api = new ApiUnderTest(Authenticator.keystone(new KeystoneSettings(URI.create("http://127.0.0.1:9/v3"),
                "muon", "pw", "service", "Default", "Default", Duration.ofSeconds(300), 100)), null,
                HttpLimits.defaults());
        api.server.monitoring(new Monitoring() {
            @Override
            public Scrape scrape(String query, Map<String, List<String>> headers) {
                return new Scrape(200, Map.of("Content-Type", "text/plain; version=0.0.4; charset=utf-8"),
                        "muon_up 1\n".getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public HealthReport health() {
                return report;
            }

            @Override
            public void served(String resource, String method, int status, double seconds) {
                served.add(resource + " " + method + " " + status);
            }
        });
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void metricsAndHealthNeedNoTokenWhileTheApiDoes() throws Exception {
        assertEquals(401, api.get("/v2.0/networks").statusCode());
        HttpResponse<String> metrics = api.get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", metrics.headers().firstValue("Content-Type").orElse(""));
        assertEquals("muon_up 1\n", metrics.body());
        for (String path : List.of("/muon/v1/health", "/muon/v1/health/live", "/muon/v1/health/ready")) {
            assertEquals(200, api.get(path).statusCode(), path);
        }
        assertEquals(401, api.get("/muon/v1/nodes").statusCode(), "the operator endpoints stay private");
        assertTrue(api.serviceCalls.isEmpty(), "nothing reached the service: " + api.serviceCalls);
    }

    @Test
    void healthAnswers503WhenItsCheckFails() throws Exception {
        report = new HealthReport(true, 2, List.of("node2"));
        HttpResponse<String> health = api.get("/muon/v1/health");
        assertEquals(503, health.statusCode());
        assertTrue(health.body().contains("\"out_of_sync\":[\"node2\"]"), health.body());
        assertTrue(health.body().contains("\"ready\":false"), health.body());
        assertEquals(200, api.get("/muon/v1/health/live").statusCode(), "a node out of sync: still alive");
        assertEquals(503, api.get("/muon/v1/health/ready").statusCode());

        report = new HealthReport(false, 2, List.of());
        assertEquals(503, api.get("/muon/v1/health/live").statusCode(), "no database: not alive");
        assertEquals(503, api.get("/muon/v1/health/ready").statusCode());
        assertTrue(api.get("/muon/v1/health").body().contains("\"database\":\"unreachable\""));
    }

    @Test
    void requestsAreCountedByCollectionNeverByPath() throws Exception {
        api.get("/v2.0/networks/3f1c0a52-0000-4000-8000-000000000001", "X-Auth-Token", "");
        api.get("/v2.0/ports/3f1c0a52-0000-4000-8000-000000000002/tags");
        api.get("/v2.0/no-such-thing-" + System.nanoTime() + "/x");
        api.get("/metrics");
        api.get("/muon/v1/health/ready");
        Thread.sleep(200);   // the request logger runs after the answer is sent
        assertTrue(served.contains("networks GET 401"), served.toString());
        assertTrue(served.contains("ports GET 401"), served.toString());
        assertTrue(served.contains("metrics GET 200"), served.toString());
        assertTrue(served.contains("health GET 200"), served.toString());
        assertTrue(served.stream().noneMatch(s -> s.contains("3f1c0a52") || s.contains("no-such-thing")),
                served.toString());
    }

    @Test
    void routeTemplatesNameTheirCollection() {
        assertEquals("routers", ApiRoutes.resourceOf("/v2.0/routers/{id}/add_router_interface"));
        assertEquals("networks", ApiRoutes.resourceOf("/v2.0/networks"));
        assertEquals("versions", ApiRoutes.resourceOf("/"));
        assertEquals("nodes", ApiRoutes.resourceOf("/muon/v1/nodes/{node}/flows"));
        assertEquals("health", ApiRoutes.resourceOf("/muon/v1/health/live"));
        assertEquals("metrics", ApiRoutes.resourceOf("/metrics"));
        assertEquals(ApiRoutes.UNMATCHED, ApiRoutes.resourceOf("*"));
    }
}
