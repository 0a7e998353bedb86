package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** subnet-service-types: stored, shown and updated; IPAM gives a port addresses only from subnets that serve it. */
class SubnetServiceTypesApiTest {
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
    void portsTakeAddressesFromTheSubnetsThatServeTheirOwner() throws Exception {
        JsonNode typed1 = subnet("192.168.1.0/24", "['test:type_1', 'network:distributed']");
        subnet("192.168.2.0/24", "['test:type_2']");
        assertEquals("test:type_1", typed1.get("service_types").get(0).asText());

        assertEquals("192.168.1.", prefixOfPort("test:type_1"));
        assertEquals("192.168.2.", prefixOfPort("test:type_2"));
        // no subnet serves a VM port and none is for everyone: Neutron's 400
        error(api.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + net + "', 'device_owner': "
                + "'compute:nova'}}"), 400, "IpAddressGenerationFailureNoMatchingSubnet");
        // a subnet without service types serves everyone, after the typed ones that match
        subnet("192.168.3.0/24", null);
        assertEquals("192.168.3.", prefixOfPort("compute:nova"));
        assertEquals("192.168.1.", prefixOfPort("test:type_1"));
        // a subnet that does not serve the port cannot be asked for
        error(api.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + net + "', 'device_owner': "
                + "'compute:nova', 'fixed_ips': [{'subnet_id': '" + typed1.get("id").asText() + "'}]}}"),
                400, "InvalidInput");
    }

    @Test
    void updatedAndValidated() throws Exception {
        String id = subnet("10.0.0.0/24", null).get("id").asText();
        JsonNode updated = api.update("subnets", "subnet", id, "{'service_types': ['compute:nova']}");
        assertEquals("compute:nova", updated.get("service_types").get(0).asText());
        assertEquals(2, updated.get("revision_number").asInt());
        assertEquals(0, api.update("subnets", "subnet", id, "{'service_types': []}").get("service_types").size());
        JsonNode e = error(api.send("PUT", "/v2.0/subnets/" + id, "{'subnet': {'service_types': ['baremetal:x']}}"),
                400, "InvalidSubnetServiceType");
        assertEquals("Subnet service type baremetal:x does not correspond to a valid device owner.",
                e.get("message").asText());
    }

    private JsonNode subnet(String cidr, String types) throws Exception {
        return api.create("subnets", "subnet", "{'network_id': '" + net + "', 'ip_version': 4, 'cidr': '" + cidr + "'"
                + (types == null ? "" : ", 'service_types': " + types) + "}");
    }

    private String prefixOfPort(String owner) throws Exception {
        JsonNode port = api.create("ports", "port", "{'network_id': '" + net + "', 'device_owner': '" + owner + "'}");
        assertEquals(1, port.get("fixed_ips").size(), port.toString());
        String ip = port.get("fixed_ips").get(0).get("ip_address").asText();
        return ip.substring(0, ip.lastIndexOf('.') + 1);
    }
}
