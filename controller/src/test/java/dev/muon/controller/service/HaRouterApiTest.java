package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HA routers: the project's HA network, and ha/distributed changed only while the router is down. */
class HaRouterApiTest {
    private final NeutronApi api = new NeutronApi();

    @AfterEach
    void close() {
        api.close();
    }

    private JsonNode haNetworks(NeutronApi caller, String project) throws Exception {
        return caller.get("/v2.0/networks?name=" + URLEncoder.encode("HA network tenant " + project,
                StandardCharsets.UTF_8)).get("networks");
    }

    @Test
    void aProjectHasAnHaNetworkWhileItHasAnHaRouter() throws Exception {
        String first = api.create("routers", "router", "{'project_id': 'demo', 'ha': true}").get("id").asText();
        String second = api.create("routers", "router", "{'project_id': 'demo', 'ha': true}").get("id").asText();
        JsonNode nets = haNetworks(api, "demo");
        assertEquals(1, nets.size(), "one per project, however many HA routers");
        JsonNode net = nets.get(0);
        assertEquals("", net.get("project_id").asText(), "Neutron's HA networks belong to no project");
        assertEquals("vxlan", net.get("provider:network_type").asText());
        int vni = net.get("provider:segmentation_id").asInt();
        assertEquals(0, haNetworks(api.as("demo"), "demo").size(), "for admins' eyes only");

        api.delete("/v2.0/routers/" + first);
        JsonNode kept = api.get("/v2.0/networks/" + net.get("id").asText()).get("network");
        assertEquals(vni, kept.get("provider:segmentation_id").asInt(), "its segment stays while it does");
        api.delete("/v2.0/routers/" + second);
        assertEquals(0, haNetworks(api, "demo").size(), "gone with the project's last HA router");

        api.create("routers", "router", "{'project_id': 'demo', 'ha': false}");
        assertEquals(0, haNetworks(api, "demo").size(), "a legacy router needs none");
    }

    @Test
    void haAndDistributedChangeOnlyWhileTheRouterIsDown() throws Exception {
        String id = api.create("routers", "router", "{'project_id': 'demo'}").get("id").asText();
        JsonNode refused = error(api.send("PUT", "/v2.0/routers/" + id, "{'router': {'ha': true}}"), 400, "BadRequest");
        assertTrue(refused.get("message").asText().contains("admin_state_up to False"), refused.toString());
        error(api.send("PUT", "/v2.0/routers/" + id, "{'router': {'distributed': true}}"), 400, "BadRequest");
        assertEquals(0, haNetworks(api, "demo").size(), "a refused change changes nothing");

        JsonNode ha = api.update("routers", "router", id, "{'admin_state_up': false, 'ha': true}");
        assertTrue(ha.get("ha").asBoolean());
        assertFalse(ha.get("admin_state_up").asBoolean());
        assertEquals(1, haNetworks(api, "demo").size());
        JsonNode up = api.update("routers", "router", id, "{'admin_state_up': true}");
        assertTrue(up.get("ha").asBoolean(), "brought back up, still HA");
        error(api.send("PUT", "/v2.0/routers/" + id, "{'router': {'ha': false}}"), 400, "BadRequest");
        api.update("routers", "router", id, "{'admin_state_up': false}");
        assertFalse(api.update("routers", "router", id, "{'ha': false}").get("ha").asBoolean());
        assertEquals(0, haNetworks(api, "demo").size());

        JsonNode extensions = api.get("/v2.0/extensions/router-admin-state-down-before-update").get("extension");
        assertEquals("router-admin-state-down-before-update", extensions.get("alias").asText());
    }
}
