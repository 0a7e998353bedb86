package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * List attributes Neutron converts from null to [] (convert_none_to_empty_list): a client clears
 * them by sending null. neutron-tempest-plugin clears a router's extra routes so on every cleanup.
 */
class NoneAsEmptyListApiTest {
    private final NeutronApi api = new NeutronApi();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void nullRoutesClearARoutersExtraRoutes() throws Exception {
        String net = api.create("networks", "network", "{'name': 'n'}").get("id").asText();
        String subnet = api.create("subnets", "subnet", "{'network_id': '" + net + "', 'cidr': '10.0.0.0/24'}")
                .get("id").asText();
        String router = api.create("routers", "router", "{'name': 'r'}").get("id").asText();
        api.put("/v2.0/routers/" + router + "/add_router_interface", "{'subnet_id': '" + subnet + "'}");
        api.update("routers", "router", router,
                "{'routes': [{'destination': '172.16.0.0/16', 'nexthop': '10.0.0.254'}]}");

        JsonNode cleared = api.update("routers", "router", router, "{'routes': null}");

        assertEquals(0, cleared.get("routes").size());
        assertEquals(0, api.get("/v2.0/routers/" + router).get("router").get("routes").size());
    }

    @Test
    void nullSubnetAndPortListsReadAsEmpty() throws Exception {
        String net = api.create("networks", "network", "{'name': 'n'}").get("id").asText();
        JsonNode subnet = api.create("subnets", "subnet", "{'network_id': '" + net + "', 'cidr': '10.0.0.0/24', "
                + "'dns_nameservers': ['10.0.0.53'], "
                + "'host_routes': [{'destination': '172.16.0.0/16', 'nexthop': '10.0.0.254'}]}");
        JsonNode updated = api.update("subnets", "subnet", subnet.get("id").asText(),
                "{'dns_nameservers': null, 'host_routes': null}");
        assertEquals(0, updated.get("dns_nameservers").size());
        assertEquals(0, updated.get("host_routes").size());

        JsonNode port = api.create("ports", "port", "{'network_id': '" + net + "', "
                + "'allowed_address_pairs': [{'ip_address': '10.0.0.100'}]}");
        assertEquals(1, port.get("security_groups").size(), "the project's default group");
        JsonNode cleared = api.update("ports", "port", port.get("id").asText(),
                "{'security_groups': null, 'allowed_address_pairs': null}");
        assertEquals(0, cleared.get("security_groups").size());
        assertEquals(0, cleared.get("allowed_address_pairs").size());
    }
}
