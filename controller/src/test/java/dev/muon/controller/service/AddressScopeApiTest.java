package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Address scopes: pools in them do not overlap, networks show them, and who may use them. */
class AddressScopeApiTest {
    private final NeutronApi api = new NeutronApi();
    private final NeutronApi demo = api.as("demo");

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void poolsInAScopeDoNotOverlapAndNetworksShowTheirScope() throws Exception {
        JsonNode scope = demo.create("address-scopes", "address_scope", "{'name': 'as', 'ip_version': 4}");
        String id = scope.get("id").asText();
        assertFalse(scope.get("shared").asBoolean());
        assertEquals("demo", scope.get("project_id").asText());
        String pool = demo.create("subnetpools", "subnetpool", "{'name': 'p', 'prefixes': ['20.0.0.0/18'], "
                + "'address_scope_id': '" + id + "'}").get("id").asText();
        assertEquals(id, demo.get("/v2.0/subnetpools/" + pool).get("subnetpool").get("address_scope_id").asText());
        error(demo.send("POST", "/v2.0/subnetpools", "{'subnetpool': {'name': 'q', 'prefixes': ['20.0.10.0/24'], "
                + "'address_scope_id': '" + id + "'}}"), 409, "AddressScopePrefixConflict");
        String other = demo.create("subnetpools", "subnetpool", "{'name': 'q', 'prefixes': ['20.10.0.0/24'], "
                + "'address_scope_id': '" + id + "'}").get("id").asText();
        error(demo.send("PUT", "/v2.0/subnetpools/" + pool, "{'subnetpool': {'prefixes': ['20.0.0.0/12']}}"), 409,
                "AddressScopePrefixConflict");
        JsonNode v6 = demo.create("address-scopes", "address_scope", "{'name': 'six', 'ip_version': 6}");
        error(demo.send("PUT", "/v2.0/subnetpools/" + other, "{'subnetpool': {'address_scope_id': '"
                + v6.get("id").asText() + "'}}"), 400, "IllegalSubnetPoolIpVersionAssociationToAddressScope");

        String net = demo.create("networks", "network", "{'name': 'n'}").get("id").asText();
        assertTrue(demo.get("/v2.0/networks/" + net).get("network").get("ipv4_address_scope").isNull());
        demo.create("subnets", "subnet", "{'network_id': '" + net + "', 'ip_version': 4, 'subnetpool_id': '"
                + pool + "', 'prefixlen': 24}");
        JsonNode network = demo.get("/v2.0/networks/" + net).get("network");
        assertEquals(id, network.get("ipv4_address_scope").asText());
        assertTrue(network.get("ipv6_address_scope").isNull());

        error(demo.send("DELETE", "/v2.0/address-scopes/" + id, null), 409, "AddressScopeInUse");
        assertTrue(demo.update("subnetpools", "subnetpool", other, "{'address_scope_id': null}")
                .get("address_scope_id").isNull());
    }

    @Test
    void aScopeIsUsedByItsOwnerOrThoseItIsSharedWith() throws Exception {
        String id = api.create("address-scopes", "address_scope", "{'name': 'a', 'ip_version': 4}")
                .get("id").asText();
        error(demo.send("GET", "/v2.0/address-scopes/" + id, null), 404, "AddressScopeNotFound");
        error(demo.send("POST", "/v2.0/subnetpools", "{'subnetpool': {'name': 'p', 'prefixes': ['30.0.0.0/16'], "
                + "'address_scope_id': '" + id + "'}}"), 404, "AddressScopeNotFound");
        error(demo.send("POST", "/v2.0/address-scopes", "{'address_scope': {'name': 's', 'ip_version': 4, "
                + "'shared': true}}"), 403, "PolicyNotAuthorized");

        api.update("address-scopes", "address_scope", id, "{'shared': true}");
        assertEquals("*", api.get("/v2.0/rbac-policies?object_id=" + id).get("rbac_policies").get(0)
                .get("target_tenant").asText());
        String pool = demo.create("subnetpools", "subnetpool", "{'name': 'p', 'prefixes': ['30.0.0.0/16'], "
                + "'address_scope_id': '" + id + "'}").get("id").asText();
        error(demo.send("PUT", "/v2.0/subnetpools/" + pool, "{'subnetpool': {'prefixes': ['30.0.0.0/16', "
                + "'31.0.0.0/16']}}"), 400, "IllegalSubnetPoolUpdate");
        error(api.send("PUT", "/v2.0/address-scopes/" + id, "{'address_scope': {'shared': false}}"), 400,
                "AddressScopeUpdateError");
        String wildcard = api.get("/v2.0/rbac-policies?object_id=" + id).get("rbac_policies").get(0)
                .get("id").asText();
        error(api.send("DELETE", "/v2.0/rbac-policies/" + wildcard, null), 409, "RbacPolicyInUse");
        demo.delete("/v2.0/subnetpools/" + pool);
        api.delete("/v2.0/rbac-policies/" + wildcard);
        error(demo.send("GET", "/v2.0/address-scopes/" + id, null), 404, "AddressScopeNotFound");
        api.delete("/v2.0/address-scopes/" + id);
    }
}
