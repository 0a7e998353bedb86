package dev.muon.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP layer alone, over a service that answers with fixed values: routing, status codes, error bodies. */
class NorthboundServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<NetworkRequest> lastNetworkRequest = new AtomicReference<>();
    private NorthboundServer server;

    @BeforeEach
    void start() {
        server = new NorthboundServer(new FixedService(), new InetSocketAddress("127.0.0.1", 0));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void versionDiscoveryNamesTheAddressTheClientUsed() throws Exception {
        HttpResponse<String> r = send("GET", "/", null);
        assertEquals(200, r.statusCode());
        JsonNode v = Json.MAPPER.readTree(r.body()).get("versions").get(0);
        assertEquals("v2.0", v.get("id").asText());
        assertEquals("CURRENT", v.get("status").asText());
        assertEquals("http://127.0.0.1:" + server.port() + "/v2.0/", v.get("links").get(0).get("href").asText());
        assertEquals(200, send("GET", "/v2.0/", null).statusCode());
    }

    @Test
    void createReturns201AndPassesTheHeaderProject() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v2.0/networks"))
                .header("X-Project-Id", "tenant-x")
                .POST(HttpRequest.BodyPublishers.ofString("{\"network\": {\"name\": \"n\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("tenant-x", lastNetworkRequest.get().projectId());
        assertEquals("net1", Json.MAPPER.readTree(r.body()).get("network").get("name").asText());
    }

    @Test
    void serviceRefusalsBecomeNeutronErrors() throws Exception {
        HttpResponse<String> r = send("GET", "/v2.0/networks/missing", null);
        assertEquals(404, r.statusCode());
        JsonNode e = Json.MAPPER.readTree(r.body()).get("NeutronError");
        assertEquals("NetworkNotFound", e.get("type").asText());
        assertEquals("Network missing could not be found.", e.get("message").asText());
        assertEquals("", e.get("detail").asText());
        assertEquals(409, send("DELETE", "/v2.0/networks/busy", null).statusCode());
        assertEquals(204, send("DELETE", "/v2.0/networks/" + Fixtures.NET_ID, null).statusCode());
    }

    @Test
    void badBodiesAre400() throws Exception {
        assertError(send("POST", "/v2.0/networks", "{not json"), 400, "MalformedRequestBody");
        assertError(send("POST", "/v2.0/networks", "{\"network\": {\"admin_state_up\": []}}"), 400, "HTTPBadRequest");
        assertError(send("POST", "/v2.0/networks", "{\"network\": {\"bogus\": 1}}"), 400, "HTTPBadRequest");
        assertError(send("PUT", "/v2.0/networks/" + Fixtures.NET_ID, "{\"network\": {\"id\": \"x\"}}"), 400,
                "HTTPBadRequest");
    }

    @Test
    void unknownPathsAndCrashesStillAnswerInNeutronsForm() throws Exception {
        assertError(send("GET", "/v2.0/floatingips", null), 404, "HTTPNotFound");
        assertError(send("GET", "/v2.0/ports", null), 500, "HTTPInternalServerError");
    }

    @Test
    void listsFilterAndSelectFields() throws Exception {
        JsonNode all = Json.MAPPER.readTree(send("GET", "/v2.0/networks", null).body()).get("networks");
        assertEquals(1, all.size());
        JsonNode none = Json.MAPPER.readTree(send("GET", "/v2.0/networks?name=other", null).body()).get("networks");
        assertEquals(0, none.size());
        JsonNode selected = Json.MAPPER.readTree(
                send("GET", "/v2.0/networks?name=net1&fields=id&fields=name", null).body()).get("networks").get(0);
        assertEquals(2, selected.size());
        assertError(send("GET", "/v2.0/networks?colour=red", null), 400, "HTTPBadRequest");
    }

    @Test
    void extensionsListWhatIsImplemented() throws Exception {
        JsonNode list = Json.MAPPER.readTree(send("GET", "/v2.0/extensions", null).body()).get("extensions");
        assertTrue(list.size() >= 5);
        assertEquals(200, send("GET", "/v2.0/extensions/binding", null).statusCode());
        assertEquals(404, send("GET", "/v2.0/extensions/tag-ports-during-bulk-creation", null).statusCode());
    }

    private void assertError(HttpResponse<String> r, int status, String type) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(type, Json.MAPPER.readTree(r.body()).get("NeutronError").get("type").asText(), r.body());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return http.send(HttpRequest.newBuilder(uri(path)).method(method, publisher).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** One network; "busy" is in use; listing ports crashes. */
    private final class FixedService implements NetworkService {
        private final NetworkView net = new NetworkView(Fixtures.network(), List.of());

        @Override
        public NetworkView createNetwork(NetworkRequest request) {
            lastNetworkRequest.set(request);
            return net;
        }

        @Override
        public List<NetworkView> listNetworks() {
            return List.of(net);
        }

        @Override
        public NetworkView getNetwork(String id) {
            if (!id.equals(Fixtures.NET_ID)) {
                throw NeutronException.notFound("NetworkNotFound", "Network " + id + " could not be found.");
            }
            return net;
        }

        @Override
        public NetworkView updateNetwork(String id, NetworkRequest changes) {
            return net;
        }

        @Override
        public void deleteNetwork(String id) {
            if (id.equals("busy")) {
                throw NeutronException.conflict("NetworkInUse", "in use");
            }
        }

        @Override
        public Subnet createSubnet(SubnetRequest request) {
            return Fixtures.subnet();
        }

        @Override
        public List<Subnet> listSubnets() {
            return List.of(Fixtures.subnet());
        }

        @Override
        public Subnet getSubnet(String id) {
            return Fixtures.subnet();
        }

        @Override
        public Subnet updateSubnet(String id, SubnetRequest changes) {
            return Fixtures.subnet();
        }

        @Override
        public void deleteSubnet(String id) {
        }

        @Override
        public Port createPort(PortRequest request) {
            return Fixtures.port("");
        }

        @Override
        public List<Port> listPorts() {
            throw new IllegalStateException("boom");
        }

        @Override
        public Port getPort(String id) {
            return Fixtures.port("");
        }

        @Override
        public Port updatePort(String id, PortRequest changes) {
            return Fixtures.port("");
        }

        @Override
        public void deletePort(String id) {
        }
    }
}
