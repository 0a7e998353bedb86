package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Neutron computes {@code shared} per request: an object an access_as_shared policy shares with
 * the caller's project (or with all) reads {@code shared: true} to that caller and {@code false}
 * to its owner and to anyone else; list filters on {@code shared} see the same value
 * (security-groups-shared-filtering for security groups).
 */
class SharedPerCallerApiTest {
    private final NeutronApi api = new NeutronApi();
    private final NeutronApi demo = api.as("demo");
    private final NeutronApi other = api.as("other");

    @AfterEach
    void close() {
        api.close();
    }

    private void share(NeutronApi as, String type, String id, String target) throws Exception {
        as.create("rbac-policies", "rbac_policy", "{'object_type': '" + type + "', 'object_id': '" + id
                + "', 'action': 'access_as_shared', 'target_tenant': '" + target + "'}");
    }

    @Test
    void aNetworkAndItsSubnetsReadSharedToTheTargetOnly() throws Exception {
        String net = other.create("networks", "network", "{'name': 'n'}").get("id").asText();
        String subnet = other.create("subnets", "subnet", "{'network_id': '" + net + "', 'cidr': '10.5.0.0/24'}")
                .get("id").asText();
        share(other, "network", net, "demo");
        assertTrue(demo.get("/v2.0/networks/" + net).get("network").get("shared").asBoolean());
        assertFalse(other.get("/v2.0/networks/" + net).get("network").get("shared").asBoolean());
        assertFalse(api.get("/v2.0/networks/" + net).get("network").get("shared").asBoolean());
        assertEquals(List.of(net), ids(demo.get("/v2.0/networks?shared=True"), "networks"));
        assertEquals(List.of(), ids(other.get("/v2.0/networks?shared=True"), "networks"));
        assertEquals(List.of(subnet), ids(demo.get("/v2.0/subnets?shared=True"), "subnets"));
        assertEquals(List.of(subnet), ids(other.get("/v2.0/subnets?shared=False"), "subnets"));

        share(api, "network", net, "*");
        assertTrue(other.get("/v2.0/networks/" + net).get("network").get("shared").asBoolean());
    }

    @Test
    void subnetPoolsAddressScopesAndSecurityGroupsToo() throws Exception {
        String pool = other.create("subnetpools", "subnetpool", "{'name': 'p', 'prefixes': ['10.8.0.0/16'], "
                + "'default_prefixlen': 24}").get("id").asText();
        String scope = other.create("address-scopes", "address_scope", "{'name': 's', 'ip_version': 4}")
                .get("id").asText();
        String sg = other.create("security-groups", "security_group", "{'name': 'g'}").get("id").asText();
        share(other, "subnetpool", pool, "demo");
        share(other, "address_scope", scope, "demo");
        share(other, "security_group", sg, "demo");

        assertTrue(demo.get("/v2.0/subnetpools/" + pool).get("subnetpool").get("shared").asBoolean());
        assertFalse(other.get("/v2.0/subnetpools/" + pool).get("subnetpool").get("shared").asBoolean());
        assertTrue(demo.get("/v2.0/address-scopes/" + scope).get("address_scope").get("shared").asBoolean());
        assertFalse(other.get("/v2.0/address-scopes/" + scope).get("address_scope").get("shared").asBoolean());
        assertTrue(demo.get("/v2.0/security-groups/" + sg).get("security_group").get("shared").asBoolean());
        assertFalse(other.get("/v2.0/security-groups/" + sg).get("security_group").get("shared").asBoolean());

        assertEquals(List.of(sg), ids(demo.get("/v2.0/security-groups?shared=True"), "security_groups"));
        assertFalse(ids(demo.get("/v2.0/security-groups?shared=False"), "security_groups").contains(sg),
                "demo's own default group is not shared, the one shared with it is");
        assertEquals(List.of(), ids(other.get("/v2.0/security-groups?shared=True"), "security_groups"));
        api.get("/v2.0/extensions/security-groups-shared-filtering");
    }

    private static List<String> ids(JsonNode body, String collection) {
        List<String> out = new ArrayList<>();
        body.get(collection).forEach(n -> out.add(n.get("id").asText()));
        return out;
    }
}
