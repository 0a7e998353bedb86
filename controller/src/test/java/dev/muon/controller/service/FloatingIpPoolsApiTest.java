package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** floatingip-pools: every IPv4 subnet of an external network, for any project, and floating IPs from each. */
class FloatingIpPoolsApiTest {
    private final NeutronApi api = new NeutronApi();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void subnetsOfExternalNetworksAreThePools() throws Exception {
        String ext = api.create("networks", "network", "{'name': 'public', 'router:external': true}")
                .get("id").asText();
        String s1 = subnet(ext, 4, "172.24.4.0/24", "first").get("id").asText();
        String s2 = subnet(ext, 4, "172.24.5.0/24", "second").get("id").asText();
        subnet(ext, 6, "2001:db8::/64", "v6");
        String internal = api.create("networks", "network", "{'name': 'private'}").get("id").asText();
        subnet(internal, 4, "10.0.0.0/24", "private");

        // a project that cannot even list the external network's subnets sees its pools, as its own
        NeutronApi member = api.as("p1");
        JsonNode pools = member.get("/v2.0/floatingip-pools").get("floatingip_pools");
        assertEquals(2, pools.size(), pools.toString());
        JsonNode first = pools.get(0);
        assertEquals(s1, first.get("subnet_id").asText());
        assertEquals("first", first.get("subnet_name").asText());
        assertEquals(ext, first.get("network_id").asText());
        assertEquals("172.24.4.0/24", first.get("cidr").asText());
        assertEquals("p1", first.get("project_id").asText());
        assertEquals(List.of(s2), ids(member.get("/v2.0/floatingip-pools?subnet_name=second")));

        // a floating IP from the second pool has its address there
        JsonNode fip = api.create("floatingips", "floatingip", "{'floating_network_id': '" + ext
                + "', 'subnet_id': '" + s2 + "'}");
        assertEquals(true, fip.get("floating_ip_address").asText().startsWith("172.24.5."));
    }

    private JsonNode subnet(String net, int version, String cidr, String name) throws Exception {
        return api.create("subnets", "subnet", "{'network_id': '" + net + "', 'ip_version': " + version
                + ", 'cidr': '" + cidr + "', 'name': '" + name + "'}");
    }

    private static List<String> ids(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.get("floatingip_pools").forEach(p -> out.add(p.get("subnet_id").asText()));
        return out;
    }
}
