package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** subnetpool-prefix-ops: PUT add_prefixes / remove_prefixes, with Neutron's compaction and in-use check. */
class SubnetPoolPrefixOpsApiTest {
    private final NeutronApi api = new NeutronApi();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void addMergesAndRemoveRefusesWhatSubnetsUse() throws Exception {
        String pool = api.create("subnetpools", "subnetpool", "{'name': 'p', 'prefixes': ['192.168.1.0/24', "
                + "'10.10.10.0/24'], 'min_prefixlen': 16}").get("id").asText();
        String path = "/v2.0/subnetpools/" + pool;
        assertEquals(List.of("10.10.10.0/24", "192.168.1.0/24", "192.168.2.0/24"),
                prefixes(api.put(path + "/add_prefixes", "{'prefixes': ['192.168.2.0/24']}")));
        // overlapping and adjacent prefixes are compacted
        assertEquals(List.of("10.10.0.0/16", "192.168.1.0/24", "192.168.2.0/24"),
                prefixes(api.put(path + "/add_prefixes", "{'prefixes': ['10.10.0.0/16']}")));
        assertEquals(List.of("10.10.0.0/16", "192.168.1.0/24", "192.168.2.0/24"),
                prefixes(api.get(path).get("subnetpool").get("prefixes")));

        assertEquals(List.of("10.10.0.0/16", "192.168.1.0/24"),
                prefixes(api.put(path + "/remove_prefixes", "{'prefixes': ['192.168.2.0/24']}")));
        // nothing of the pool's: nothing happens
        assertEquals(List.of("10.10.0.0/16", "192.168.1.0/24"),
                prefixes(api.put(path + "/remove_prefixes", "{'prefixes': ['172.16.0.0/12']}")));

        String net = api.create("networks", "network", "{'name': 'n'}").get("id").asText();
        api.create("subnets", "subnet", "{'network_id': '" + net + "', 'ip_version': 4, 'subnetpool_id': '"
                + pool + "', 'cidr': '10.10.5.0/24'}");
        JsonNode e = error(api.send("PUT", path + "/remove_prefixes", "{'prefixes': ['10.10.0.0/20']}"), 400,
                "IllegalSubnetPoolPrefixUpdate");
        assertEquals("Illegal update to prefixes: One or more the prefixes to be removed is in use by a subnet.",
                e.get("message").asText());
        // part of a prefix, away from the subnet, may go: the rest stays
        assertEquals(List.of("10.10.0.0/17", "192.168.1.0/24"),
                prefixes(api.put(path + "/remove_prefixes", "{'prefixes': ['10.10.128.0/17']}")));
    }

    @Test
    void refusals() throws Exception {
        String pool = api.create("subnetpools", "subnetpool", "{'name': 'p', 'prefixes': ['10.0.0.0/16']}")
                .get("id").asText();
        error(api.send("PUT", "/v2.0/subnetpools/" + pool + "/add_prefixes", "{'prefixes': []}"), 400,
                "HTTPBadRequest");
        error(api.send("PUT", "/v2.0/subnetpools/" + pool + "/add_prefixes", "{'prefixes': ['2001:db8::/64']}"),
                400, "PrefixVersionMismatch");
        error(api.as("p1").send("PUT", "/v2.0/subnetpools/" + pool + "/add_prefixes",
                "{'prefixes': ['10.1.0.0/16']}"), 404, "SubnetPoolNotFound");
    }

    private static List<String> prefixes(JsonNode body) {
        JsonNode list = body.has("prefixes") ? body.get("prefixes") : body;
        List<String> out = new ArrayList<>();
        list.forEach(p -> out.add(p.asText()));
        return out;
    }
}
