package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IPv6 subnets with automatic addresses (SLAAC, DHCPv6-stateless): a port's address there is the
 * EUI-64 of its MAC, on every such subnet, as Neutron records it; router ports take pool addresses.
 */
class AutoAddressApiTest {
    private final NeutronApi api = new NeutronApi();
    private String net;
    private String v4;
    private String slaac;
    private String stateless;

    @BeforeEach
    void network() throws Exception {
        net = api.create("networks", "network", "{'name': 'n'}").get("id").asText();
        v4 = subnet("'ip_version': 4, 'cidr': '10.0.0.0/24'");
        slaac = subnet("'ip_version': 6, 'cidr': '2001:db8:1::/64', 'ipv6_ra_mode': 'slaac', "
                + "'ipv6_address_mode': 'slaac'");
        stateless = subnet("'ip_version': 6, 'cidr': '2001:db8:2::/64', 'ipv6_address_mode': 'dhcpv6-stateless'");
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void aPortGetsItsEui64AddressOnEachAutomaticSubnet() throws Exception {
        JsonNode port = api.create("ports", "port", "{'network_id': '" + net + "', "
                + "'mac_address': 'fa:16:3e:12:34:56'}");
        assertEquals(List.of("10.0.0.2", "2001:db8:1:0:f816:3eff:fe12:3456", "2001:db8:2:0:f816:3eff:fe12:3456"),
                addresses(port));
        // asking for the v4 subnet only still brings the automatic ones, as Neutron does
        JsonNode other = api.create("ports", "port", "{'network_id': '" + net + "', 'mac_address': "
                + "'fa:16:3e:00:00:01', 'fixed_ips': [{'subnet_id': '" + v4 + "'}]}");
        assertEquals(List.of("10.0.0.3", "2001:db8:1:0:f816:3eff:fe00:1", "2001:db8:2:0:f816:3eff:fe00:1"),
                addresses(other));
        // a new MAC moves the EUI-64 addresses with it
        JsonNode moved = api.update("ports", "port", port.get("id").asText(), "{'mac_address': 'fa:16:3e:ab:cd:ef'}");
        assertEquals(List.of("10.0.0.2", "2001:db8:1:0:f816:3eff:feab:cdef", "2001:db8:2:0:f816:3eff:feab:cdef"),
                addresses(moved));
    }

    @Test
    void onlyTheEui64AddressMayBeNamed() throws Exception {
        JsonNode e = error(api.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + net + "', 'mac_address': "
                + "'fa:16:3e:12:34:56', 'fixed_ips': [{'ip_address': '2001:db8:1::10'}]}}"), 400,
                "AllocationOnAutoAddressSubnet");
        assertTrue(e.get("message").asText().startsWith("IPv6 address 2001:db8:1::10 cannot be directly assigned"));
        JsonNode named = api.create("ports", "port", "{'network_id': '" + net + "', 'mac_address': "
                + "'fa:16:3e:12:34:56', 'fixed_ips': [{'subnet_id': '" + slaac + "', "
                + "'ip_address': '2001:db8:1:0:f816:3eff:fe12:3456'}]}");
        assertEquals(List.of("2001:db8:1:0:f816:3eff:fe12:3456", "2001:db8:2:0:f816:3eff:fe12:3456"), addresses(named));
    }

    @Test
    void routerInterfacesTakePoolAddresses() throws Exception {
        String router = api.create("routers", "router", "{'name': 'r'}").get("id").asText();
        api.put("/v2.0/routers/" + router + "/add_router_interface", "{'subnet_id': '" + slaac + "'}");
        JsonNode ports = api.get("/v2.0/ports?device_owner=network:router_interface").get("ports");
        assertEquals(List.of("2001:db8:1::1"), addresses(ports.get(0)));
    }

    @Test
    void anAutomaticSubnetGoesWithItsPortsAddressesButNotUnderARouter() throws Exception {
        JsonNode port = api.create("ports", "port", "{'network_id': '" + net + "', "
                + "'mac_address': 'fa:16:3e:12:34:56'}");
        api.delete("/v2.0/subnets/" + stateless);
        JsonNode after = api.get("/v2.0/ports/" + port.get("id").asText()).get("port");
        assertEquals(List.of("10.0.0.2", "2001:db8:1:0:f816:3eff:fe12:3456"), addresses(after));
        assertEquals(port.get("revision_number").asInt() + 1, after.get("revision_number").asInt());
        // a subnet without automatic addresses is still refused while a port uses it
        error(api.send("DELETE", "/v2.0/subnets/" + v4, null), 409, "SubnetInUse");
        String router = api.create("routers", "router", "{'name': 'r'}").get("id").asText();
        api.put("/v2.0/routers/" + router + "/add_router_interface", "{'subnet_id': '" + slaac + "'}");
        error(api.send("DELETE", "/v2.0/subnets/" + slaac, null), 409, "SubnetInUse");
    }

    private String subnet(String attributes) throws Exception {
        return api.create("subnets", "subnet", "{'network_id': '" + net + "', " + attributes + "}").get("id").asText();
    }

    private static List<String> addresses(JsonNode port) {
        List<String> out = new ArrayList<>();
        port.get("fixed_ips").forEach(ip -> out.add(ip.get("ip_address").asText()));
        return out;
    }
}
