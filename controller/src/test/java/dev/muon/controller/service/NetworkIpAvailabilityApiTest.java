package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** network-ip-availability: addresses in the pools and in use, per subnet and network, for admins. */
class NetworkIpAvailabilityApiTest {
    private final NeutronApi api = new NeutronApi();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void totalsAreThePoolsAndUseIsEveryFixedIp() throws Exception {
        String net = api.create("networks", "network", "{'name': 'n', 'project_id': 'demo'}").get("id").asText();
        JsonNode empty = availability(net);
        assertEquals(0, empty.get("total_ips").asInt());
        assertEquals(0, empty.get("used_ips").asInt());
        assertEquals(0, empty.get("subnet_ip_availability").size());
        assertEquals("n", empty.get("network_name").asText());
        assertEquals("demo", empty.get("project_id").asText());
        assertEquals("demo", empty.get("tenant_id").asText());

        String v4 = api.create("subnets", "subnet", "{'network_id': '" + net + "', 'cidr': '10.0.0.0/28', "
                + "'ip_version': 4, 'name': 's4'}").get("id").asText();
        String v6 = api.create("subnets", "subnet", "{'network_id': '" + net + "', 'cidr': '2001:db8::/64', "
                + "'ip_version': 6}").get("id").asText();
        String pooled = api.create("subnets", "subnet", "{'network_id': '" + net + "', 'cidr': '10.1.0.0/24', "
                + "'ip_version': 4, 'allocation_pools': [{'start': '10.1.0.10', 'end': '10.1.0.19'}, "
                + "{'start': '10.1.0.100', 'end': '10.1.0.104'}]}").get("id").asText();
        api.create("ports", "port", "{'network_id': '" + net + "', 'fixed_ips': [{'subnet_id': '" + v4 + "'}, "
                + "{'subnet_id': '" + v6 + "'}]}");
        api.create("ports", "port", "{'network_id': '" + net + "', 'fixed_ips': [{'subnet_id': '" + pooled
                + "', 'ip_address': '10.1.0.200'}]}");   // outside the pools: used all the same, as Neutron
        JsonNode a = availability(net);
        BigInteger v6Total = BigInteger.TWO.pow(64).subtract(BigInteger.TWO);   // no network address, no gateway
        assertEquals(BigInteger.valueOf(13 + 15).add(v6Total), a.get("total_ips").bigIntegerValue());
        assertEquals(3, a.get("used_ips").asInt());
        JsonNode subnets = a.get("subnet_ip_availability");
        assertEquals(3, subnets.size());
        assertEquals(v4, subnets.get(0).get("subnet_id").asText());
        assertEquals("s4", subnets.get(0).get("subnet_name").asText());
        assertEquals("10.0.0.0/28", subnets.get(0).get("cidr").asText());
        assertEquals(4, subnets.get(0).get("ip_version").asInt());
        assertEquals(13, subnets.get(0).get("total_ips").asInt(), "a /28 less network, gateway and broadcast");
        assertEquals(1, subnets.get(0).get("used_ips").asInt());
        assertEquals(v6Total, subnets.get(1).get("total_ips").bigIntegerValue());
        assertEquals(15, subnets.get(2).get("total_ips").asInt(), "the sum of its pools");
        assertEquals(1, subnets.get(2).get("used_ips").asInt());

        // The list shows the same, and a port's delete frees its address at once.
        assertEquals(a, listed(net));
        String port = api.get("/v2.0/ports?network_id=" + net).get("ports").get(0).get("id").asText();
        api.delete("/v2.0/ports/" + port);
        assertTrue(availability(net).get("used_ips").asInt() < 3);
    }

    @Test
    void listFiltersIncludingIpVersionOnTheSubnets() throws Exception {
        String both = api.create("networks", "network", "{'name': 'both', 'project_id': 'demo'}").get("id").asText();
        String bare = api.create("networks", "network", "{'name': 'bare'}").get("id").asText();
        api.create("subnets", "subnet", "{'network_id': '" + both + "', 'cidr': '10.0.0.0/24', 'ip_version': 4}");
        api.create("subnets", "subnet", "{'network_id': '" + both + "', 'cidr': '2001:db8::/64', 'ip_version': 6}");

        assertEquals(List.of(both, bare), ids("/v2.0/network-ip-availabilities"));
        JsonNode v6 = api.get("/v2.0/network-ip-availabilities?ip_version=6").get("network_ip_availabilities");
        assertEquals(1, v6.size(), "a network without an IPv6 subnet is not listed");
        assertEquals(1, v6.get(0).get("subnet_ip_availability").size());
        assertEquals(6, v6.get(0).get("subnet_ip_availability").get(0).get("ip_version").asInt());
        assertTrue(!v6.get(0).has("ip_version"), "a filter only");
        assertEquals(List.of(bare), ids("/v2.0/network-ip-availabilities?network_name=bare"));
        assertEquals(List.of(both), ids("/v2.0/network-ip-availabilities?project_id=demo"));
        assertEquals(List.of(both), ids("/v2.0/network-ip-availabilities?tenant_id=demo"));
        assertEquals(List.of(bare), ids("/v2.0/network-ip-availabilities?network_id=" + bare));
        JsonNode fields = api.get("/v2.0/network-ip-availabilities?network_id=" + bare + "&fields=used_ips")
                .get("network_ip_availabilities").get(0);
        assertEquals(1, fields.size(), fields.toString());
        error(api.send("GET", "/v2.0/network-ip-availabilities?color=red", null), 400, "HTTPBadRequest");
    }

    @Test
    void adminsOnly() throws Exception {
        String net = api.as("demo").create("networks", "network", "{'name': 'mine'}").get("id").asText();
        assertEquals(0, api.as("demo").get("/v2.0/network-ip-availabilities").get("network_ip_availabilities")
                .size());
        error(api.as("demo").send("GET", "/v2.0/network-ip-availabilities/" + net, null), 404, "NetworkNotFound");
        error(api.send("GET", "/v2.0/network-ip-availabilities/6f1a5a6e-3f7c-4e0e-9a0b-2a57ad5f7f00", null), 404,
                "NetworkNotFound");
    }

    private JsonNode availability(String net) throws Exception {
        return api.get("/v2.0/network-ip-availabilities/" + net).get("network_ip_availability");
    }

    private JsonNode listed(String net) throws Exception {
        for (JsonNode n : api.get("/v2.0/network-ip-availabilities").get("network_ip_availabilities")) {
            if (n.get("network_id").asText().equals(net)) {
                return n;
            }
        }
        throw new AssertionError("not listed: " + net);
    }

    private List<String> ids(String path) throws Exception {
        List<String> ids = new ArrayList<>();
        api.get(path).get("network_ip_availabilities").forEach(n -> ids.add(n.get("network_id").asText()));
        return ids;
    }
}
