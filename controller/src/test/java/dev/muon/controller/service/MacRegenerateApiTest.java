package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** port-mac-address-regenerate: "mac_address": null gives a port a new MAC, under the rules of any MAC change. */
class MacRegenerateApiTest {
    private final NeutronApi api = new NeutronApi();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void nullRegeneratesTheMac() throws Exception {
        String net = api.create("networks", "network", "{'name': 'n'}").get("id").asText();
        api.create("subnets", "subnet", "{'network_id': '" + net + "', 'ip_version': 4, 'cidr': '10.0.0.0/24'}");
        JsonNode port = api.create("ports", "port", "{'network_id': '" + net + "'}");
        String id = port.get("id").asText();
        String before = port.get("mac_address").asText();

        String after = api.update("ports", "port", id, "{'mac_address': null}").get("mac_address").asText();
        assertNotEquals(before, after);
        assertTrue(after.matches("fa:16:3e(:[0-9a-f]{2}){3}"), after);
        assertEquals(after, api.get("/v2.0/ports/" + id).get("port").get("mac_address").asText());
        // not sending it keeps it
        assertEquals(after, api.update("ports", "port", id, "{'name': 'x'}").get("mac_address").asText());

        // a bound port keeps its MAC, as for any MAC change (Neutron's PortBound)
        api.service.setPortBinding(id, "node1", true);
        error(api.send("PUT", "/v2.0/ports/" + id, "{'port': {'mac_address': null}}"), 409, "PortBound");
        assertEquals(after, api.get("/v2.0/ports/" + id).get("port").get("mac_address").asText());

        // an empty string is not a MAC
        error(api.send("PUT", "/v2.0/ports/" + id, "{'port': {'mac_address': ''}}"), 400, "HTTPBadRequest");
    }

    @Test
    void onlyTheNetworksOwnerMayAskForOne() throws Exception {
        String net = api.create("networks", "network", "{'name': 'shared', 'shared': true}").get("id").asText();
        api.create("subnets", "subnet", "{'network_id': '" + net + "', 'ip_version': 4, 'cidr': '10.0.0.0/24'}");
        NeutronApi member = api.as("p1");
        String id = member.create("ports", "port", "{'network_id': '" + net + "'}").get("id").asText();
        error(member.send("PUT", "/v2.0/ports/" + id, "{'port': {'mac_address': null}}"), 403, "PolicyNotAuthorized");
    }
}
