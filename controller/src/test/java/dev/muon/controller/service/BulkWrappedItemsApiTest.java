package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static dev.muon.controller.service.NeutronApi.JSON;
import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Neutron's bulk create takes each item bare or wrapped in its resource name
 * ({@code {"ports": [{"port": {...}}]}}), which is how tempest's bulk tests send them.
 */
class BulkWrappedItemsApiTest {
    private final NeutronApi api = new NeutronApi();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void wrappedAndBareItemsAreCreatedAlike() throws Exception {
        JsonNode networks = bulk("networks", "{'networks': [{'network': {'name': 'n1'}}, {'name': 'n2'}]}");
        assertEquals("n1", networks.get(0).get("name").asText());
        assertEquals("n2", networks.get(1).get("name").asText());
        String net = networks.get(0).get("id").asText();

        JsonNode subnets = bulk("subnets", "{'subnets': [{'subnet': {'network_id': '" + net + "', "
                + "'cidr': '10.0.0.0/24'}}, {'subnet': {'network_id': '" + net + "', 'cidr': '10.0.1.0/24'}}]}");
        assertEquals("10.0.1.0/24", subnets.get(1).get("cidr").asText());

        JsonNode ports = bulk("ports", "{'ports': [{'port': {'network_id': '" + net + "', 'name': 'p1'}}, "
                + "{'port': {'network_id': '" + net + "', 'name': 'p2'}}]}");
        assertEquals("p2", ports.get(1).get("name").asText());
        assertEquals(2, api.get("/v2.0/ports?network_id=" + net).get("ports").size());

        JsonNode groups = bulk("security-groups", "{'security_groups': [{'security_group': {'name': 'g1'}}, "
                + "{'security_group': {'name': 'g2'}}]}");
        assertEquals("g1", groups.get(0).get("name").asText());
        JsonNode rules = bulk("security-group-rules", "{'security_group_rules': [{'security_group_rule': "
                + "{'security_group_id': '" + groups.get(0).get("id").asText() + "', 'direction': 'ingress'}}]}");
        assertEquals("ingress", rules.get(0).get("direction").asText());
    }

    @Test
    void aWrappedItemIsCheckedAsASingleBodyIs() throws Exception {
        error(api.send("POST", "/v2.0/networks", "{'networks': [{'network': 'n1'}]}"), 400, "HTTPBadRequest");
        error(api.send("POST", "/v2.0/networks", "{'networks': [{'network': {'name': 'n1'}, 'extra': 1}]}"),
                400, "HTTPBadRequest");
        error(api.send("POST", "/v2.0/networks", "{'networks': [{'network': {'colour': 'red'}}]}"),
                400, "HTTPBadRequest");
        assertEquals(0, api.get("/v2.0/networks").get("networks").size(), "nothing of a refused bulk is created");
    }

    private JsonNode bulk(String path, String body) throws Exception {
        HttpResponse<String> r = api.send("POST", "/v2.0/" + path, body);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode root = JSON.readTree(r.body());
        return root.elements().next();
    }
}
