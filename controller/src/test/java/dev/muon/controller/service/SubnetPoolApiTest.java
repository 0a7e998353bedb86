package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Subnet pools and subnets allocated from them, over HTTP. */
class SubnetPoolApiTest {
    private final NeutronApi api = new NeutronApi();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void poolDefaultsAreNeutronsAndShownAsStrings() throws Exception {
        JsonNode p = api.create("subnetpools", "subnetpool", "{'name': 'p', 'prefixes': ['10.0.0.0/20']}");
        assertEquals(4, p.get("ip_version").asInt());
        assertEquals("8", p.get("min_prefixlen").asText());
        assertTrue(p.get("min_prefixlen").isTextual(), "Neutron renders prefix lengths as strings");
        assertEquals("32", p.get("max_prefixlen").asText());
        assertEquals("8", p.get("default_prefixlen").asText());
        assertEquals(false, p.get("is_default").asBoolean());
        assertTrue(p.get("default_quota").isNull());
        JsonNode v6 = api.create("subnetpools", "subnetpool", "{'name': 'v6', 'prefixes': ['fd00::/48']}");
        assertEquals("64", v6.get("min_prefixlen").asText());
        assertEquals("128", v6.get("max_prefixlen").asText());
        JsonNode merged = api.create("subnetpools", "subnetpool",
                "{'name': 'm', 'prefixes': ['10.1.0.0/24', '10.1.1.0/24', '10.1.0.128/25']}");
        assertEquals("[\"10.1.0.0/23\"]", merged.get("prefixes").toString(), "prefixes are compacted");
    }

    @Test
    void subnetsComeFromThePoolsFreeSpaceAndNetworksMayOverlap() throws Exception {
        String pool = api.create("subnetpools", "subnetpool", "{'name': 'p', 'prefixes': ['10.0.0.0/20'], "
                + "'default_prefixlen': 24, 'is_default': true, 'shared': true}").get("id").asText();
        String ext = network("ext");
        JsonNode first = api.create("subnets", "subnet", "{'network_id': '" + ext + "', 'ip_version': 4, "
                + "'use_default_subnetpool': true}");
        assertEquals("10.0.0.0/24", first.get("cidr").asText());
        assertEquals(pool, first.get("subnetpool_id").asText());
        assertEquals("10.0.0.1", first.get("gateway_ip").asText());
        String net = network("n");
        JsonNode second = api.create("subnets", "subnet", "{'network_id': '" + net + "', 'ip_version': 4, "
                + "'subnetpool_id': '" + pool + "', 'prefixlen': 26}");
        assertEquals("10.0.1.0/26", second.get("cidr").asText(), "the smallest free block that fits first");
        JsonNode specific = api.create("subnets", "subnet", "{'network_id': '" + network("s") + "', "
                + "'subnetpool_id': '" + pool + "', 'cidr': '10.0.4.0/22'}");
        assertEquals("10.0.4.0/22", specific.get("cidr").asText());
        error(api.send("POST", "/v2.0/subnets", "{'subnet': {'network_id': '" + network("x") + "', "
                + "'subnetpool_id': '" + pool + "', 'cidr': '10.0.4.0/24'}}"), 409, "SubnetAllocationError");

        // Without pools, networks may reuse a CIDR; one network may not hold overlapping subnets.
        String a = network("a");
        String b = network("b");
        subnet(a, "192.168.1.0/24");
        subnet(b, "192.168.1.0/24");
        error(api.send("POST", "/v2.0/subnets", "{'subnet': {'network_id': '" + a + "', "
                + "'cidr': '192.168.1.128/25'}}"), 400, "InvalidInput");
        // One network's subnets of one IP version come from one pool.
        error(api.send("POST", "/v2.0/subnets", "{'subnet': {'network_id': '" + a + "', "
                + "'subnetpool_id': '" + pool + "'}}"), 400, "NetworkSubnetPoolAffinityError");
        error(api.send("DELETE", "/v2.0/subnetpools/" + pool, null), 400, "SubnetPoolDeleteError");
    }

    @Test
    void poolRequestsThatCannotBeMet() throws Exception {
        String pool = api.create("subnetpools", "subnetpool", "{'name': 'p', 'prefixes': ['10.0.0.0/24'], "
                + "'min_prefixlen': 25, 'max_prefixlen': 28}").get("id").asText();
        String net = network("n");
        error(api.send("POST", "/v2.0/subnets", "{'subnet': {'network_id': '" + net + "', 'subnetpool_id': '"
                + pool + "', 'prefixlen': 24}}"), 400, "MinPrefixSubnetAllocationError");
        error(api.send("POST", "/v2.0/subnets", "{'subnet': {'network_id': '" + net + "', 'subnetpool_id': '"
                + pool + "', 'prefixlen': 29}}"), 400, "MaxPrefixSubnetAllocationError");
        error(api.send("POST", "/v2.0/subnets", "{'subnet': {'network_id': '" + net + "', 'subnetpool_id': '"
                + pool + "', 'prefixlen': 26, 'cidr': '10.0.0.0/26'}}"), 400, "BadRequest");
        error(api.send("POST", "/v2.0/subnets", "{'subnet': {'network_id': '" + net + "', 'ip_version': 6, "
                + "'subnetpool_id': '" + pool + "'}}"), 400, "BadRequest");
        error(api.send("POST", "/v2.0/subnets", "{'subnet': {'network_id': '" + net + "', 'ip_version': 4, "
                + "'use_default_subnetpool': true}}"), 400, "BadRequest");
        JsonNode noDefault = error(api.send("POST", "/v2.0/subnets", "{'subnet': {'network_id': '" + net
                + "', 'ip_version': 4, 'use_default_subnetpool': true}}"), 400, "BadRequest");
        assertEquals("Bad subnets request: No default subnetpool found for IPv4.", noDefault.get("message").asText());
        for (int i = 0; i < 2; i++) {
            api.create("subnets", "subnet", "{'network_id': '" + network("f" + i) + "', 'subnetpool_id': '" + pool
                    + "'}");
        }
        error(api.send("POST", "/v2.0/subnets", "{'subnet': {'network_id': '" + net + "', 'subnetpool_id': '"
                + pool + "'}}"), 409, "SubnetAllocationError");
        assertEquals(2, api.get("/v2.0/subnets").get("subnets").size(), "refusals leave no subnet behind");
    }

    @Test
    void badPoolsAndUpdates() throws Exception {
        error(api.send("POST", "/v2.0/subnetpools", "{'subnetpool': {'name': 'p'}}"), 400, "HTTPBadRequest");
        error(api.send("POST", "/v2.0/subnetpools", "{'subnetpool': {'prefixes': []}}"), 400,
                "EmptySubnetPoolPrefixList");
        error(api.send("POST", "/v2.0/subnetpools", "{'subnetpool': {'prefixes': ['10.0.0.0/8', 'fd00::/8']}}"),
                400, "PrefixVersionMismatch");
        error(api.send("POST", "/v2.0/subnetpools", "{'subnetpool': {'prefixes': ['10.0.0.0/33']}}"), 400,
                "HTTPBadRequest");
        JsonNode bounds = error(api.send("POST", "/v2.0/subnetpools", "{'subnetpool': {'prefixes': ['10.0.0.0/8'], "
                + "'min_prefixlen': 24, 'default_prefixlen': 16}}"), 400, "IllegalSubnetPoolPrefixBounds");
        assertEquals("Illegal prefix bounds: default_prefixlen=16, min_prefixlen=24.", bounds.get("message").asText());
        String pool = api.create("subnetpools", "subnetpool", "{'prefixes': ['10.0.0.0/16'], 'is_default': true}")
                .get("id").asText();
        error(api.send("POST", "/v2.0/subnetpools", "{'subnetpool': {'prefixes': ['10.9.0.0/16'], "
                + "'is_default': true}}"), 400, "InvalidInput");
        error(api.send("PUT", "/v2.0/subnetpools/" + pool, "{'subnetpool': {'prefixes': ['10.0.0.0/17']}}"), 400,
                "IllegalSubnetPoolPrefixUpdate");
        JsonNode grown = api.update("subnetpools", "subnetpool", pool, "{'prefixes': ['10.0.0.0/16', '10.1.0.0/16']}");
        assertEquals("[\"10.0.0.0/15\"]", grown.get("prefixes").toString());
        assertEquals(2, grown.get("revision_number").asInt());
        error(api.as("demo").send("POST", "/v2.0/subnetpools", "{'subnetpool': {'prefixes': ['10.0.0.0/8'], "
                + "'shared': true}}"), 403, "PolicyNotAuthorized");
        assertEquals(1, api.get("/v2.0/subnetpools").get("subnetpools").size());
    }

    private String network(String name) throws Exception {
        return api.create("networks", "network", "{'name': '" + name + "'}").get("id").asText();
    }

    private void subnet(String network, String cidr) throws Exception {
        api.create("subnets", "subnet", "{'network_id': '" + network + "', 'cidr': '" + cidr + "'}");
    }
}
