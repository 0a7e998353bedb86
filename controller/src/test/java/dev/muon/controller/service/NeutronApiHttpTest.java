package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muon.controller.store.ModelStore;
import dev.muon.northbound.NorthboundServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Neutron API over HTTP against the real service: what a client sends and sees. */
class NeutronApiHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private ModelStore store;
    private NorthboundServer server;

    @BeforeEach
    void start() {
        store = ModelStore.inMemory();
        server = new NorthboundServer(new NeutronNetworkService(store, ServiceConfig.defaults()),
                new InetSocketAddress("127.0.0.1", 0));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void networkSubnetPortLifecycle() throws Exception {
        JsonNode net = created("networks", "{\"network\": {\"name\": \"net1\"}}").get("network");
        String netId = net.get("id").asText();
        assertEquals("vxlan", net.get("provider:network_type").asText());
        assertEquals(1000, net.get("provider:segmentation_id").asInt());

        JsonNode subnet = created("subnets", "{\"subnet\": {\"network_id\": \"" + netId
                + "\", \"ip_version\": 4, \"cidr\": \"10.0.0.0/24\", \"name\": \"sub1\"}}").get("subnet");
        String subnetId = subnet.get("id").asText();
        assertEquals("10.0.0.1", subnet.get("gateway_ip").asText());
        assertEquals("10.0.0.2", subnet.get("allocation_pools").get(0).get("start").asText());

        JsonNode port = created("ports", "{\"port\": {\"network_id\": \"" + netId + "\", \"name\": \"p1\", "
                + "\"fixed_ips\": [{\"subnet_id\": \"" + subnetId + "\", \"ip_address\": \"10.0.0.11\"}]}}")
                .get("port");
        assertEquals("10.0.0.11", port.get("fixed_ips").get(0).get("ip_address").asText());
        assertEquals("DOWN", port.get("status").asText());
        assertEquals("unbound", port.get("binding:vif_type").asText());
        assertTrue(port.get("mac_address").asText().startsWith("fa:16:3e:"));

        assertEquals(subnetId, get("/v2.0/networks/" + netId).get("network").get("subnets").get(0).asText());
        assertEquals(1, get("/v2.0/ports?fixed_ips=ip_address%3D10.0.0.11").get("ports").size());
        assertEquals(0, get("/v2.0/ports?fixed_ips=ip_address%3D10.0.0.12").get("ports").size());
        assertEquals(1, get("/v2.0/networks?name=net1").get("networks").size());
        JsonNode fields = get("/v2.0/ports?fields=id&fields=mac_address").get("ports").get(0);
        assertEquals(2, fields.size());

        HttpResponse<String> renamed = send("PUT", "/v2.0/ports/" + port.get("id").asText(),
                "{\"port\": {\"name\": \"renamed\", \"admin_state_up\": false}}");
        assertEquals(200, renamed.statusCode());
        assertEquals(2, JSON.readTree(renamed.body()).get("port").get("revision_number").asInt());

        assertError(send("DELETE", "/v2.0/networks/" + netId, null), 409, "NetworkInUse");
        assertError(send("DELETE", "/v2.0/subnets/" + subnetId, null), 409, "SubnetInUse");
        assertEquals(204, send("DELETE", "/v2.0/ports/" + port.get("id").asText(), null).statusCode());
        assertEquals(204, send("DELETE", "/v2.0/networks/" + netId, null).statusCode());
        assertEquals(0, get("/v2.0/subnets").get("subnets").size());
    }

    @Test
    void refusalsCarryNeutronStatusesAndTypes() throws Exception {
        String netId = created("networks", "{\"network\": {}}").get("network").get("id").asText();
        String subnetId = created("subnets", "{\"subnet\": {\"network_id\": \"" + netId
                + "\", \"cidr\": \"10.0.0.0/24\"}}").get("subnet").get("id").asText();
        created("ports", "{\"port\": {\"network_id\": \"" + netId + "\", \"fixed_ips\": [{\"ip_address\": \"10.0.0.5\"}]}}");

        assertError(send("POST", "/v2.0/networks", "{\"network\": {\"name\": }"), 400, "MalformedRequestBody");
        assertError(send("POST", "/v2.0/networks", "{\"network\": {\"shared\": \"perhaps\"}}"), 400, "HTTPBadRequest");
        JsonNode unknown = assertError(send("POST", "/v2.0/networks", "{\"network\": {\"flavour\": \"x\"}}"), 400,
                "HTTPBadRequest");
        assertEquals("Unrecognized attribute(s) 'flavour'", unknown.get("message").asText());
        assertError(send("POST", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \"" + netId
                + "\", \"cidr\": \"10.0.0.0/99\"}}"), 400, "HTTPBadRequest");
        assertError(send("POST", "/v2.0/subnets", "{\"subnet\": {\"network_id\": "
                + "\"8a006464-a029-4806-829f-f398edf60c34\", \"cidr\": \"10.1.0.0/24\"}}"), 404, "NetworkNotFound");
        assertError(send("POST", "/v2.0/ports", "{\"port\": {\"network_id\": \"" + netId
                + "\", \"fixed_ips\": [{\"subnet_id\": \"" + subnetId + "\", \"ip_address\": \"10.0.0.5\"}]}}"),
                409, "IpAddressAlreadyAllocated");
        assertError(send("POST", "/v2.0/ports", "{\"port\": {\"network_id\": \"" + netId
                + "\", \"fixed_ips\": [{\"subnet_id\": \"" + subnetId + "\", \"ip_address\": \"10.9.0.5\"}]}}"),
                400, "InvalidIpForSubnet");
        assertError(send("GET", "/v2.0/ports/missing", null), 404, "PortNotFound");
        assertError(send("GET", "/v2.0/subnets/missing", null), 404, "SubnetNotFound");
        assertError(send("PUT", "/v2.0/ports/missing", "{\"port\": {\"name\": \"x\"}}"), 404, "PortNotFound");
        assertError(send("POST", "/v2.0/networks", "{\"network\": {\"provider:network_type\": \"vlan\", "
                + "\"provider:physical_network\": \"physnet1\", \"provider:segmentation_id\": 5000}}"),
                400, "InvalidInput");
        assertEquals(1, get("/v2.0/networks").get("networks").size(), "no partial state from refusals");
        assertEquals(1, get("/v2.0/ports").get("ports").size());
    }

    @Test
    void projectComesFromTheHeaderWhenTheBodyHasNone() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v2.0/networks"))
                .header("Content-Type", "application/json").header("X-Project-Id", "p-42")
                .POST(HttpRequest.BodyPublishers.ofString("{\"network\": {\"name\": \"n\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode n = JSON.readTree(r.body()).get("network");
        assertEquals("p-42", n.get("project_id").asText());
        assertEquals("p-42", n.get("tenant_id").asText());
        assertEquals("admin", created("networks", "{\"network\": {}}").get("network").get("project_id").asText());
    }

    private JsonNode created(String collection, String body) throws Exception {
        HttpResponse<String> r = send("POST", "/v2.0/" + collection, body);
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private JsonNode assertError(HttpResponse<String> r, int status, String type) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode error = JSON.readTree(r.body()).get("NeutronError");
        assertEquals(type, error.get("type").asText(), r.body());
        assertEquals("", error.get("detail").asText());
        return error;
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
