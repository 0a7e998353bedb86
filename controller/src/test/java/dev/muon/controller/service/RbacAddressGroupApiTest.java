package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rbac-address-group: an address group shared through an access_as_shared policy is seen and used
 * (in a security group rule) by its target, not changed by it, and the policy stays while a rule
 * of the target names the group, as neutron-tempest-plugin's RbacSharedAddressGroupTest expects.
 */
class RbacAddressGroupApiTest {
    private final NeutronApi api = new NeutronApi();
    private final NeutronApi demo = api.as("demo");
    private final NeutronApi other = api.as("other");

    @AfterEach
    void close() {
        api.close();
    }

    private String share(String group, String target) throws Exception {
        return api.create("rbac-policies", "rbac_policy", "{'object_type': 'address_group', 'object_id': '"
                + group + "', 'action': 'access_as_shared', 'target_tenant': '" + target + "'}").get("id").asText();
    }

    @Test
    void theTargetSeesAndUsesTheGroupButMayNotChangeIt() throws Exception {
        String group = api.create("address-groups", "address_group", "{'name': 'office', "
                + "'addresses': ['10.1.0.0/24']}").get("id").asText();
        error(demo.send("GET", "/v2.0/address-groups/" + group, null), 404, "AddressGroupNotFound");

        String policy = share(group, "demo");
        assertEquals("office", demo.get("/v2.0/address-groups/" + group).get("address_group").get("name").asText());
        assertEquals(List.of(group), ids(demo.get("/v2.0/address-groups"), "address_groups"));
        error(other.send("GET", "/v2.0/address-groups/" + group, null), 404, "AddressGroupNotFound");
        error(demo.send("PUT", "/v2.0/address-groups/" + group, "{'address_group': {'name': 'mine'}}"), 404,
                "AddressGroupNotFound");
        error(demo.send("PUT", "/v2.0/address-groups/" + group + "/add_addresses",
                "{'addresses': ['10.2.0.0/24']}"), 404, "AddressGroupNotFound");
        error(demo.send("DELETE", "/v2.0/address-groups/" + group, null), 404, "AddressGroupNotFound");
        assertTrue(ids(demo.get("/v2.0/rbac-policies"), "rbac_policies").isEmpty(),
                "the target does not see the admin's policy");

        String sg = demo.create("security-groups", "security_group", "{'name': 'web'}").get("id").asText();
        String rule = demo.create("security-group-rules", "security_group_rule", "{'security_group_id': '" + sg
                + "', 'direction': 'ingress', 'protocol': 'tcp', 'remote_address_group_id': '" + group + "'}")
                .get("id").asText();
        error(api.send("DELETE", "/v2.0/rbac-policies/" + policy, null), 409, "RbacPolicyInUse");
        error(api.send("PUT", "/v2.0/rbac-policies/" + policy, "{'rbac_policy': {'target_tenant': 'other'}}"),
                409, "RbacPolicyInUse");
        error(other.send("POST", "/v2.0/security-group-rules", "{'security_group_rule': {'security_group_id': '"
                + other.create("security-groups", "security_group", "{'name': 'x'}").get("id").asText()
                + "', 'direction': 'ingress', 'remote_address_group_id': '" + group + "'}}"), 404,
                "AddressGroupNotFound");

        demo.delete("/v2.0/security-group-rules/" + rule);
        api.delete("/v2.0/rbac-policies/" + policy);
        error(demo.send("GET", "/v2.0/address-groups/" + group, null), 404, "AddressGroupNotFound");
    }

    @Test
    void onlyTheOwnerSharesItAndDeletingTheGroupRemovesItsPolicies() throws Exception {
        String group = api.create("address-groups", "address_group", "{'name': 'g'}").get("id").asText();
        share(group, "demo");
        error(demo.send("POST", "/v2.0/rbac-policies", "{'rbac_policy': {'object_type': 'address_group', "
                + "'object_id': '" + group + "', 'action': 'access_as_shared', 'target_tenant': 'other'}}"), 400,
                "InvalidInput");
        error(demo.send("POST", "/v2.0/rbac-policies", "{'rbac_policy': {'object_type': 'address_group', "
                + "'object_id': '" + group + "', 'action': 'access_as_external', 'target_tenant': 'other'}}"), 400,
                "InvalidActionForType");
        share(group, "*");
        other.get("/v2.0/address-groups/" + group);
        assertEquals(2, api.get("/v2.0/rbac-policies?object_type=address_group").get("rbac_policies").size());

        api.delete("/v2.0/address-groups/" + group);
        assertEquals(0, api.get("/v2.0/rbac-policies?object_id=" + group).get("rbac_policies").size());
    }

    @Test
    void theExtensionIsAdvertised() throws Exception {
        api.get("/v2.0/extensions/rbac-address-group");
    }

    private static List<String> ids(JsonNode body, String collection) {
        List<String> out = new ArrayList<>();
        body.get(collection).forEach(n -> out.add(n.get("id").asText()));
        return out;
    }
}
