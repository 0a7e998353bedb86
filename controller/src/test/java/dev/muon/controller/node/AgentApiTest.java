package dev.muon.controller.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muon.controller.service.NeutronNetworkService;
import dev.muon.controller.service.ServiceConfig;
import dev.muon.controller.store.ModelStore;
import dev.muon.northbound.NorthboundServer;
import dev.muon.northbound.RestOptions;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent and availability zone APIs over HTTP, on nodes given by the test. */
class AgentApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    private final List<AgentNode> nodes = new CopyOnWriteArrayList<>();
    private final List<String> forgotten = new ArrayList<>();
    private final ModelStore store = ModelStore.inMemory();
    private final NeutronNetworkService service = new NeutronNetworkService(store, ServiceConfig.defaults());
    private final NorthboundServer server = new NorthboundServer(service, null,
            new AgentDirectory(() -> List.copyOf(nodes), store, forgotten::add,
                    Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC)),
            RestOptions.plain(new InetSocketAddress("127.0.0.1", 0)));
    private final HttpClient http = HttpClient.newHttpClient();

    AgentApiTest() {
        service.availabilityZones().use(() -> AgentDirectory.zonesOf(List.copyOf(nodes)));
        server.start();
    }

    @AfterEach
    void close() {
        server.close();
        store.close();
    }

    private static AgentNode node(String host, String zone, boolean alive) {
        NodeConfig config = new NodeConfig(host, "10.0.0." + (host.length() + 1), NodeRole.COMPUTE,
                Map.of("physnet1", "br-eth1"), "netdev", null, zone);
        return new AgentNode(host, config, alive, alive ? T0 : null, alive ? null : T0.plusSeconds(30), alive ? 2 : 0);
    }

    @Test
    void eachKnownNodeIsAnOpenVswitchAgentThatAdminsSee() throws Exception {
        nodes.add(node("compute1", "nova", true));
        nodes.add(node("compute2", "az2", false));
        JsonNode agents = get("/v2.0/agents", null).get("agents");
        assertEquals(2, agents.size());
        JsonNode a = agents.get(0);
        assertEquals("compute1", a.get("host").asText());
        assertEquals("Open vSwitch agent", a.get("agent_type").asText());
        assertEquals("neutron-openvswitch-agent", a.get("binary").asText());
        assertEquals("N/A", a.get("topic").asText());
        assertTrue(a.get("alive").asBoolean());
        assertTrue(a.get("admin_state_up").asBoolean());
        assertEquals("nova", a.get("availability_zone").asText());
        assertEquals("2026-01-02 03:04:05", a.get("started_at").asText());
        assertEquals("2026-01-02 03:05:05", a.get("heartbeat_timestamp").asText(), "a live node beats now");
        JsonNode c = a.get("configurations");
        assertEquals("br-eth1", c.get("bridge_mappings").get("physnet1").asText());
        assertEquals("vxlan", c.get("tunnel_types").get(0).asText());
        assertEquals("10.0.0.9", c.get("tunneling_ip").asText());
        assertEquals("br-int", c.get("integration_bridge").asText());
        assertEquals(2, c.get("devices").asInt());
        JsonNode away = agents.get(1);
        assertFalse(away.get("alive").asBoolean());
        assertEquals("2026-01-02 03:04:35", away.get("heartbeat_timestamp").asText(), "last seen when it went");
        assertEquals(AgentDirectory.idOf("compute1"), a.get("id").asText(), "an id stable per hostname");

        assertEquals(1, get("/v2.0/agents?alive=false", null).get("agents").size());
        assertEquals("compute2", get("/v2.0/agents?host=compute2", null).get("agents").get(0).get("host").asText());
        assertEquals(2, get("/v2.0/agents?agent_type=Open%20vSwitch%20agent&binary=neutron-openvswitch-agent", null)
                .get("agents").size());
        assertEquals("compute1", get("/v2.0/agents/" + a.get("id").asText(), null).get("agent").get("host").asText());
    }

    @Test
    void othersSeeNoAgentAndCannotReachOne() throws Exception {
        nodes.add(node("compute1", "nova", true));
        String id = AgentDirectory.idOf("compute1");
        assertEquals(0, get("/v2.0/agents", "demo").get("agents").size(), "Neutron answers 200 with no agent");
        assertEquals(404, send("GET", "/v2.0/agents/" + id, null, "demo").statusCode());
        assertEquals(404, send("PUT", "/v2.0/agents/" + id, "{\"agent\": {\"description\": \"x\"}}", "demo")
                .statusCode());
        assertEquals(404, send("DELETE", "/v2.0/agents/" + id, null, "demo").statusCode());
        assertEquals(404, send("GET", "/v2.0/agents/" + AgentDirectory.idOf("nosuchhost"), null, null).statusCode());
    }

    @Test
    void adminStateAndDescriptionAreKeptUntilTheAgentIsDeleted() throws Exception {
        nodes.add(node("compute1", "nova", true));
        nodes.add(node("compute2", "nova", false));
        String id = AgentDirectory.idOf("compute1");
        HttpResponse<String> r = send("PUT", "/v2.0/agents/" + id,
                "{\"agent\": {\"admin_state_up\": false, \"description\": \"rack 4\"}}", null);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode shown = get("/v2.0/agents/" + id, null).get("agent");
        assertFalse(shown.get("admin_state_up").asBoolean());
        assertEquals("rack 4", shown.get("description").asText());
        assertEquals(400, send("PUT", "/v2.0/agents/" + id, "{\"agent\": {\"host\": \"other\"}}", null).statusCode(),
                "host is not the operator's to change");

        assertEquals(204, send("DELETE", "/v2.0/agents/" + id, null, null).statusCode());
        JsonNode back = get("/v2.0/agents/" + id, null).get("agent");
        assertTrue(back.get("admin_state_up").asBoolean(), "a connected node's agent is back, as registered anew");
        assertEquals("", back.get("description").asText());
        assertTrue(forgotten.isEmpty(), "a connected node is not forgotten");

        assertEquals(204, send("DELETE", "/v2.0/agents/" + AgentDirectory.idOf("compute2"), null, null).statusCode());
        assertEquals(List.of("compute2"), forgotten, "an away node is forgotten at once");
    }

    @Test
    void zonesAreTheNodesZonesForNetworksAndRouters() throws Exception {
        nodes.add(node("compute1", "nova", true));
        nodes.add(node("compute2", "az2", false));
        JsonNode zones = get("/v2.0/availability_zones", "demo").get("availability_zones");
        assertEquals(4, zones.size(), zones.toString());
        JsonNode az2 = get("/v2.0/availability_zones?name=az2&resource=router", "demo").get("availability_zones");
        assertEquals(1, az2.size());
        assertEquals("unavailable", az2.get(0).get("state").asText(), "no live node in it");
        assertEquals("available", get("/v2.0/availability_zones?name=nova&resource=network", "demo")
                .get("availability_zones").get(0).get("state").asText());
    }

    @Test
    void networksAndRoutersTakeHintsOfKnownZonesOnly() throws Exception {
        nodes.add(node("compute1", "nova", true));
        nodes.add(node("compute2", "az2", true));
        JsonNode net = created(send("POST", "/v2.0/networks",
                "{\"network\": {\"name\": \"n\", \"availability_zone_hints\": [\"az2\"]}}", null), "network");
        assertEquals("[\"az2\"]", net.get("availability_zone_hints").toString());
        assertEquals("[\"az2\"]", net.get("availability_zones").toString());
        JsonNode plain = created(send("POST", "/v2.0/networks", "{\"network\": {\"name\": \"p\"}}", null), "network");
        assertEquals("[\"az2\",\"nova\"]", plain.get("availability_zones").toString(), "served in every zone");

        HttpResponse<String> unknown = send("POST", "/v2.0/routers",
                "{\"router\": {\"availability_zone_hints\": [\"nowhere\"]}}", null);
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("AvailabilityZoneNotFound"), unknown.body());
        assertEquals(400, send("POST", "/v2.0/networks",
                "{\"network\": {\"availability_zone_hints\": [\"nova\", \"nova\"]}}", null).statusCode());
        assertEquals(400, send("PUT", "/v2.0/networks/" + net.get("id").asText(),
                "{\"network\": {\"availability_zone_hints\": [\"nova\"]}}", null).statusCode(), "set on create only");

        JsonNode router = created(send("POST", "/v2.0/routers",
                "{\"router\": {\"availability_zone_hints\": [\"nova\"]}}", null), "router");
        String id = router.get("id").asText();
        HttpResponse<String> down = send("PUT", "/v2.0/routers/" + id, "{\"router\": {\"admin_state_up\": false}}", null);
        assertEquals(200, down.statusCode(), down.body());
        JsonNode shown = get("/v2.0/routers/" + id, null).get("router");
        assertEquals("[\"nova\"]", shown.get("availability_zone_hints").toString(), "kept through updates");
        assertEquals("[\"nova\"]", shown.get("availability_zones").toString());
    }

    private static JsonNode created(HttpResponse<String> r, String resource) throws Exception {
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get(resource);
    }

    private JsonNode get(String path, String project) throws Exception {
        HttpResponse<String> r = send("GET", path, null, project);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** As the no-auth admin, or as a member of {@code project}. */
    private HttpResponse<String> send(String method, String path, String body, String project) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (project != null) {
            b.header("X-Project-Id", project).header("X-User-Id", "user-" + project).header("X-Roles", "member,reader");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
