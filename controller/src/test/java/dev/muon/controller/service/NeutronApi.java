package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muon.controller.store.ModelStore;
import dev.muon.northbound.NorthboundServer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real service behind the real HTTP endpoint on an ephemeral port, over an in-memory store,
 * and a client that speaks as a given caller (keystonemiddleware's headers) or as the no-auth
 * admin. What a test sees is what a Neutron client would.
 */
final class NeutronApi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final ModelStore store;
    final NeutronNetworkService service;
    private final NorthboundServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> headers;

    NeutronApi() {
        this(new ServiceConfig(1000, 1999, "admin", Map.of("physnet1", new VlanRange(100, 199))));
    }

    NeutronApi(ServiceConfig config) {
        this(ModelStore.inMemory(), config);
    }

    /** Over {@code store}, which {@link #close} closes. */
    NeutronApi(ModelStore store) {
        this(store, new ServiceConfig(1000, 1999, "admin", Map.of("physnet1", new VlanRange(100, 199))));
    }

    /** With these quota defaults (the others have no quotas). */
    NeutronApi(QuotaDefaults quotas) {
        this(ModelStore.inMemory(), new ServiceConfig(1000, 1999, "admin", Map.of("physnet1", new VlanRange(100, 199))),
                quotas);
    }

    private NeutronApi(ModelStore store, ServiceConfig config) {
        this(store, config, QuotaDefaults.unlimited());
    }

    private NeutronApi(ModelStore store, ServiceConfig config, QuotaDefaults quotas) {
        this.store = store;
        this.service = new NeutronNetworkService(store, config, new TickingClock(), new Random(3), quotas);
        this.server = new NorthboundServer(service, new InetSocketAddress("127.0.0.1", 0));
        this.server.start();
        this.headers = Map.of();
    }

    private NeutronApi(NeutronApi shared, Map<String, String> headers) {
        this.store = shared.store;
        this.service = shared.service;
        this.server = shared.server;
        this.headers = headers;
    }

    /** The same endpoint, speaking as a member (not admin) of {@code project}. */
    NeutronApi as(String project) {
        return new NeutronApi(this, Map.of("X-Project-Id", project, "X-User-Id", "user-" + project,
                "X-Roles", "member,reader"));
    }

    int port() {
        return server.port();
    }

    /** POSTs {@code {"<resource>": <body>}} and answers the created resource (status must be 201). */
    JsonNode create(String collection, String resource, String body) throws Exception {
        HttpResponse<String> r = send("POST", "/v2.0/" + collection, "{\"" + resource + "\": " + json(body) + "}");
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get(resource);
    }

    /** PUTs {@code {"<resource>": <body>}} on a member and answers the updated resource (status 200). */
    JsonNode update(String collection, String resource, String id, String body) throws Exception {
        HttpResponse<String> r = send("PUT", "/v2.0/" + collection + "/" + id,
                "{\"" + resource + "\": " + json(body) + "}");
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get(resource);
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** PUTs a raw body (member actions) and answers the body (status 200). */
    JsonNode put(String path, String body) throws Exception {
        HttpResponse<String> r = send("PUT", path, json(body));
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    void delete(String path) throws Exception {
        HttpResponse<String> r = send("DELETE", path, null);
        assertEquals(204, r.statusCode(), r.body());
    }

    /** Asserts a Neutron error of {@code status} and {@code type}; answers its NeutronError object. */
    static JsonNode error(HttpResponse<String> r, int status, String type) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode error = JSON.readTree(r.body()).get("NeutronError");
        assertEquals(type, error.get("type").asText(), r.body());
        assertEquals("", error.get("detail").asText());
        return error;
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, Map.of());
    }

    HttpResponse<String> send(String method, String path, String body, Map<String, String> extra) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json(body)));
        headers.forEach(b::header);
        extra.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Test bodies are written with single quotes for readability. */
    static String json(String body) {
        return body.replace('\'', '"');
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
