package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * dns-integration and dns-domain-ports: a network's dns_domain, a port's dns_name and dns_domain,
 * and dns_assignment naming each fixed IP in the port's domain, else its network's, else the
 * deployment's (Neutron's dns_domain, openstacklocal. by default).
 */
class DnsIntegrationApiTest {
    private final NeutronApi api = new NeutronApi();

    @AfterEach
    void close() {
        api.close();
    }

    private static JsonNode assignment(JsonNode port) {
        assertEquals(1, port.get("dns_assignment").size(), port.toString());
        JsonNode a = port.get("dns_assignment").get(0);
        assertEquals(port.get("fixed_ips").get(0).get("ip_address").asText(), a.get("ip_address").asText());
        return a;
    }

    @Test
    void aPortIsNamedByItsDnsNameOrItsAddressInTheNearestDomain() throws Exception {
        String net = api.create("networks", "network", "{'name': 'n'}").get("id").asText();
        assertEquals("", api.get("/v2.0/networks/" + net).get("network").get("dns_domain").asText());
        api.create("subnets", "subnet", "{'network_id': '" + net + "', 'cidr': '10.0.0.0/24'}");

        JsonNode anonymous = api.create("ports", "port", "{'network_id': '" + net + "', "
                + "'fixed_ips': [{'ip_address': '10.0.0.5'}]}");
        assertEquals("", anonymous.get("dns_name").asText());
        assertEquals("host-10-0-0-5", assignment(anonymous).get("hostname").asText());
        assertEquals("host-10-0-0-5.openstacklocal.", assignment(anonymous).get("fqdn").asText());

        JsonNode named = api.create("ports", "port", "{'network_id': '" + net + "', 'dns_name': 'Web1'}");
        assertEquals("web1", named.get("dns_name").asText(), "names are lower case");
        assertEquals("web1.openstacklocal.", assignment(named).get("fqdn").asText());

        api.update("networks", "network", net, "{'dns_domain': 'example.org.'}");
        assertEquals("example.org.", api.get("/v2.0/networks/" + net).get("network").get("dns_domain").asText());
        String id = named.get("id").asText();
        assertEquals("web1.example.org.", assignment(api.get("/v2.0/ports/" + id).get("port")).get("fqdn").asText());

        JsonNode own = api.update("ports", "port", id, "{'dns_name': 'd2', 'dns_domain': 'd.org.'}");
        assertEquals("d.org.", own.get("dns_domain").asText());
        assertEquals("d2", assignment(own).get("hostname").asText());
        assertEquals("d2.d.org.", assignment(own).get("fqdn").asText());
        JsonNode listed = api.get("/v2.0/ports?dns_name=d2").get("ports");
        assertEquals(1, listed.size());

        JsonNode cleared = api.update("ports", "port", id, "{'dns_name': '', 'dns_domain': ''}");
        String ip = cleared.get("fixed_ips").get(0).get("ip_address").asText();
        assertEquals("host-" + ip.replace('.', '-') + ".example.org.", assignment(cleared).get("fqdn").asText());
    }

    @Test
    void theDeploymentsDomainIsConfigurable() throws Exception {
        try (NeutronApi own = new NeutronApi(new ServiceConfig(1000, 1999, "admin", Map.of(), "cloud.test"))) {
            String net = own.create("networks", "network", "{'name': 'n'}").get("id").asText();
            own.create("subnets", "subnet", "{'network_id': '" + net + "', 'cidr': '10.0.0.0/24'}");
            JsonNode port = own.create("ports", "port", "{'network_id': '" + net + "', 'dns_name': 'vm'}");
            assertEquals("vm.cloud.test.", assignment(port).get("fqdn").asText());
        }
    }

    @Test
    void badNamesAndDomainsAreRefusedWith400() throws Exception {
        String net = api.create("networks", "network", "{'name': 'n'}").get("id").asText();
        for (String name : new String[] {"-web", "web-", "we_b", "a..b", "x.123", "l".repeat(64), "null"}) {
            String value = name.equals("null") ? "null" : "'" + name + "'";
            NeutronApi.error(api.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + net + "', "
                    + "'dns_name': " + value + "}}"), 400, "HTTPBadRequest");
        }
        for (String domain : new String[] {"example.org", "-a.org.", "a..org."}) {
            NeutronApi.error(api.send("PUT", "/v2.0/networks/" + net, "{'network': {'dns_domain': '" + domain
                    + "'}}"), 400, "HTTPBadRequest");
            NeutronApi.error(api.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + net + "', "
                    + "'dns_domain': '" + domain + "'}}"), 400, "HTTPBadRequest");
        }
        assertEquals(0, api.get("/v2.0/ports").get("ports").size());
    }
}
