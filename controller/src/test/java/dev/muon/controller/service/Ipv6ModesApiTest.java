package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IPv6 subnet modes: accepted, stored and shown with Neutron's checks on their combinations. */
class Ipv6ModesApiTest {
    private final NeutronApi api = new NeutronApi();
    private String net;

    @BeforeEach
    void network() throws Exception {
        net = api.create("networks", "network", "{'name': 'n'}").get("id").asText();
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void modesAreStoredAndShown() throws Exception {
        JsonNode slaac = api.create("subnets", "subnet", subnet("2001:db8:1::/64",
                "'ipv6_ra_mode': 'slaac', 'ipv6_address_mode': 'slaac'"));
        assertEquals("slaac", slaac.get("ipv6_ra_mode").asText());
        assertEquals("slaac", slaac.get("ipv6_address_mode").asText());
        String id = slaac.get("id").asText();
        JsonNode shown = api.get("/v2.0/subnets/" + id).get("subnet");
        assertEquals("slaac", shown.get("ipv6_address_mode").asText());
        assertEquals(1, api.get("/v2.0/subnets?ipv6_ra_mode=slaac").get("subnets").size());

        JsonNode stateful = api.create("subnets", "subnet", subnet("2001:db8:2::/80",
                "'ipv6_address_mode': 'dhcpv6-stateful'"));
        assertTrue(stateful.get("ipv6_ra_mode").isNull(), "one mode may come alone");
        assertEquals("dhcpv6-stateful", stateful.get("ipv6_address_mode").asText());
        // IPAM records the EUI-64 address of the port's MAC on the SLAAC subnet (AutoAddressApiTest)
        JsonNode port = api.create("ports", "port", "{'network_id': '" + net + "', 'fixed_ips': [{'subnet_id': '"
                + id + "'}]}");
        assertTrue(port.get("fixed_ips").get(0).get("ip_address").asText().startsWith("2001:db8:1:0:f816:3eff:fe"));

        error(api.send("PUT", "/v2.0/subnets/" + id, "{'subnet': {'ipv6_ra_mode': 'dhcpv6-stateless'}}"), 400,
                "HTTPBadRequest");
        JsonNode e = error(api.send("PUT", "/v2.0/subnets/" + id, "{'subnet': {'enable_dhcp': false}}"), 400,
                "InvalidInput");
        assertEquals("Invalid input for operation: Cannot disable enable_dhcp with ipv6 attributes set.",
                e.get("message").asText());
    }

    @Test
    void neutronsCombinationChecks() throws Exception {
        String[][] refused = {
            {"2001:db8:3::/64", "'ipv6_ra_mode': 'slaac', 'ipv6_address_mode': 'dhcpv6-stateful'"},
            {"2001:db8:3::/64", "'ipv6_ra_mode': 'slaac', 'enable_dhcp': false"},
            {"2001:db8:3::/80", "'ipv6_address_mode': 'slaac'"},
            {"2001:db8:3::/80", "'ipv6_ra_mode': 'dhcpv6-stateless'"},
            {"10.0.0.0/24", "'ip_version': 4, 'ipv6_ra_mode': 'slaac'"},
            {"10.0.0.0/24", "'ip_version': 4, 'ipv6_address_mode': 'dhcpv6-stateful'"},
        };
        for (String[] r : refused) {
            error(api.send("POST", "/v2.0/subnets", "{'subnet': " + subnet(r[0], r[1]) + "}"), 400, "InvalidInput");
        }
        JsonNode unknown = error(api.send("POST", "/v2.0/subnets", "{'subnet': " + subnet("2001:db8:3::/64",
                "'ipv6_ra_mode': 'radvd'") + "}"), 400, "HTTPBadRequest");
        assertEquals("Invalid input for ipv6_ra_mode. Reason: 'radvd' is not in ['dhcpv6-stateful', "
                + "'dhcpv6-stateless', 'slaac'].", unknown.get("message").asText());
        assertEquals(0, api.get("/v2.0/subnets").get("subnets").size());
    }

    private String subnet(String cidr, String extra) {
        String version = extra.contains("'ip_version'") ? "" : "'ip_version': 6, ";
        return "{'network_id': '" + net + "', " + version + "'cidr': '" + cidr + "', " + extra + "}";
    }
}
