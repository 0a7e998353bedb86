package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RBAC policies: what they share with whom, who may make them, and what they keep from being removed. */
class RbacPolicyApiTest {
    private final NeutronApi api = new NeutronApi();
    private final NeutronApi demo = api.as("demo");
    private final NeutronApi other = api.as("other");

    @AfterEach
    void close() {
        api.close();
    }

    private String share(NeutronApi as, String type, String id, String action, String target) throws Exception {
        return as.create("rbac-policies", "rbac_policy", "{'object_type': '" + type + "', 'object_id': '" + id
                + "', 'action': '" + action + "', 'target_tenant': '" + target + "'}").get("id").asText();
    }

    @Test
    void aNetworkSharedWithOneProjectIsItsToSeeAndUseUntilItsPortsAreGone() throws Exception {
        String net = api.create("networks", "network", "{'name': 'n'}").get("id").asText();
        String subnet = api.create("subnets", "subnet", "{'network_id': '" + net + "', 'cidr': '10.9.0.0/24'}")
                .get("id").asText();
        error(demo.send("GET", "/v2.0/networks/" + net, null), 404, "NetworkNotFound");
        long revision = api.get("/v2.0/networks/" + net).get("network").get("revision_number").asLong();

        String policy = share(api, "network", net, "access_as_shared", "demo");
        assertTrue(api.get("/v2.0/networks/" + net).get("network").get("revision_number").asLong() > revision,
                "a policy change is a change of its network");
        demo.get("/v2.0/networks/" + net);
        demo.get("/v2.0/subnets/" + subnet);
        error(other.send("GET", "/v2.0/networks/" + net, null), 404, "NetworkNotFound");
        error(other.send("GET", "/v2.0/subnets/" + subnet, null), 404, "SubnetNotFound");
        assertEquals(List.of(), ids(demo.get("/v2.0/rbac-policies"), "rbac_policies"),
                "the target does not see the policy: it is the admin project's");
        assertEquals(List.of(policy), ids(api.get("/v2.0/rbac-policies"), "rbac_policies"));

        String port = demo.create("ports", "port", "{'network_id': '" + net + "'}").get("id").asText();
        error(api.send("DELETE", "/v2.0/rbac-policies/" + policy, null), 409, "RbacPolicyInUse");
        error(api.send("PUT", "/v2.0/rbac-policies/" + policy, "{'rbac_policy': {'target_tenant': 'other'}}"),
                409, "RbacPolicyInUse");
        demo.delete("/v2.0/ports/" + port);
        JsonNode moved = api.update("rbac-policies", "rbac_policy", policy, "{'target_tenant': 'other'}");
        assertEquals("other", moved.get("target_tenant").asText());
        error(demo.send("GET", "/v2.0/networks/" + net, null), 404, "NetworkNotFound");
        other.get("/v2.0/networks/" + net);
        api.delete("/v2.0/rbac-policies/" + policy);
        error(other.send("GET", "/v2.0/networks/" + net, null), 404, "NetworkNotFound");
    }

    @Test
    void onlyTheOwnerSharesAndOnlyAdminsShareWithAll() throws Exception {
        String mine = demo.create("networks", "network", "{'name': 'mine'}").get("id").asText();
        error(demo.send("POST", "/v2.0/rbac-policies", "{'rbac_policy': {'object_type': 'network', 'object_id': '"
                + mine + "', 'action': 'access_as_shared', 'target_tenant': '*'}}"), 403, "PolicyNotAuthorized");
        String policy = share(demo, "network", mine, "access_as_shared", "other");
        error(demo.send("POST", "/v2.0/rbac-policies", "{'rbac_policy': {'object_type': 'network', 'object_id': '"
                + mine + "', 'action': 'access_as_shared', 'target_tenant': 'other'}}"), 409, "DuplicateRbacPolicy");
        error(demo.send("PUT", "/v2.0/rbac-policies/" + policy, "{'rbac_policy': {'target_tenant': '*'}}"), 403,
                "PolicyNotAuthorized");
        // other sees the network through the policy, but may not share it further
        other.get("/v2.0/networks/" + mine);
        error(other.send("POST", "/v2.0/rbac-policies", "{'rbac_policy': {'object_type': 'network', 'object_id': '"
                + mine + "', 'action': 'access_as_shared', 'target_tenant': 'third'}}"), 400, "InvalidInput");
        error(demo.send("POST", "/v2.0/rbac-policies", "{'rbac_policy': {'object_type': 'subnetpool', "
                + "'object_id': '" + mine + "', 'action': 'access_as_external', 'target_tenant': 'x'}}"), 400,
                "InvalidActionForType");
        error(demo.send("POST", "/v2.0/rbac-policies", "{'rbac_policy': {'object_type': 'network', 'object_id': '"
                + mine + "', 'action': 'access_as_shared', 'target_tenant': null}}"), 400, "HTTPBadRequest");
    }

    @Test
    void sharedIsTheWildcardPolicy() throws Exception {
        String net = api.create("networks", "network", "{'name': 's', 'shared': true}").get("id").asText();
        JsonNode policies = api.get("/v2.0/rbac-policies?object_id=" + net).get("rbac_policies");
        assertEquals(1, policies.size());
        assertEquals("*", policies.get(0).get("target_tenant").asText());
        assertEquals("access_as_shared", policies.get(0).get("action").asText());
        other.get("/v2.0/networks/" + net);

        api.update("networks", "network", net, "{'shared': false}");
        assertEquals(0, api.get("/v2.0/rbac-policies?object_id=" + net).get("rbac_policies").size());
        error(other.send("GET", "/v2.0/networks/" + net, null), 404, "NetworkNotFound");

        String wildcard = share(api, "network", net, "access_as_shared", "*");
        assertTrue(api.get("/v2.0/networks/" + net).get("network").get("shared").asBoolean());
        String port = other.create("ports", "port", "{'network_id': '" + net + "'}").get("id").asText();
        error(api.send("DELETE", "/v2.0/rbac-policies/" + wildcard, null), 409, "RbacPolicyInUse");
        other.delete("/v2.0/ports/" + port);
        api.delete("/v2.0/rbac-policies/" + wildcard);
        assertFalse(api.get("/v2.0/networks/" + net).get("network").get("shared").asBoolean());
        api.delete("/v2.0/networks/" + net);
    }

    @Test
    void accessAsExternalMakesTheNetworkExternalToItsTarget() throws Exception {
        String net = api.create("networks", "network", "{'name': 'ext'}").get("id").asText();
        share(api, "network", net, "access_as_external", "demo");
        assertTrue(api.get("/v2.0/networks/" + net).get("network").get("router:external").asBoolean());
        demo.get("/v2.0/networks/" + net);
        error(other.send("GET", "/v2.0/networks/" + net, null), 404, "NetworkNotFound");

        String pub = api.create("networks", "network", "{'name': 'pub', 'router:external': true, "
                + "'is_default': true}").get("id").asText();
        other.get("/v2.0/networks/" + pub);
        String wildcard = api.get("/v2.0/rbac-policies?object_id=" + pub + "&action=access_as_external")
                .get("rbac_policies").get(0).get("id").asText();
        error(api.send("DELETE", "/v2.0/rbac-policies/" + wildcard, null), 409, "RbacPolicyInUse");
        api.update("networks", "network", pub, "{'is_default': false}");
        api.update("networks", "network", pub, "{'router:external': false}");
        assertEquals(0, api.get("/v2.0/rbac-policies?object_id=" + pub).get("rbac_policies").size());
        error(other.send("GET", "/v2.0/networks/" + pub, null), 404, "NetworkNotFound");
    }

    @Test
    void anExternalNetworkStoredBeforePoliciesStaysExternalToAll() throws Exception {
        String pub = api.create("networks", "network", "{'name': 'old', 'router:external': true}").get("id").asText();
        // as an older Muon stored it: external, with no access_as_external policy
        api.store.write(m -> dev.muon.controller.store.Transaction.Result.of(
                SharedObjects.withoutPoliciesOn(m, "network", pub), null));
        assertEquals(0, api.get("/v2.0/rbac-policies?object_id=" + pub).get("rbac_policies").size());
        other.get("/v2.0/networks/" + pub);
        // a policy for one project now decides who it is external to
        share(api, "network", pub, "access_as_external", "demo");
        demo.get("/v2.0/networks/" + pub);
        error(other.send("GET", "/v2.0/networks/" + pub, null), 404, "NetworkNotFound");
    }

    @Test
    void aSharedSecurityGroupCanBeUsedOnTheTargetsPorts() throws Exception {
        String group = api.create("security-groups", "security_group", "{'name': 'web'}").get("id").asText();
        String net = demo.create("networks", "network", "{'name': 'd'}").get("id").asText();
        error(demo.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + net + "', 'security_groups': ['"
                + group + "']}}"), 404, "SecurityGroupNotFound");
        String policy = share(api, "security_group", group, "access_as_shared", "demo");
        demo.get("/v2.0/security-groups/" + group);
        String port = demo.create("ports", "port", "{'network_id': '" + net + "', 'security_groups': ['" + group
                + "']}").get("id").asText();
        error(api.send("DELETE", "/v2.0/rbac-policies/" + policy, null), 409, "RbacPolicyInUse");
        demo.delete("/v2.0/ports/" + port);
        api.delete("/v2.0/rbac-policies/" + policy);
        error(demo.send("GET", "/v2.0/security-groups/" + group, null), 404, "SecurityGroupNotFound");
    }

    @Test
    void aSharedSubnetPoolCanBeAllocatedFromUntilSubnetsHoldIt() throws Exception {
        String pool = api.create("subnetpools", "subnetpool", "{'name': 'p', 'prefixes': ['10.100.0.0/16'], "
                + "'default_prefixlen': 24}").get("id").asText();
        String net = demo.create("networks", "network", "{'name': 'd'}").get("id").asText();
        error(demo.send("POST", "/v2.0/subnets", "{'subnet': {'network_id': '" + net + "', 'ip_version': 4, "
                + "'subnetpool_id': '" + pool + "'}}"), 404, "SubnetPoolNotFound");
        String policy = share(api, "subnetpool", pool, "access_as_shared", "demo");
        demo.create("subnets", "subnet", "{'network_id': '" + net + "', 'ip_version': 4, 'subnetpool_id': '"
                + pool + "'}");
        error(api.send("DELETE", "/v2.0/rbac-policies/" + policy, null), 409, "RbacPolicyInUse");
        assertTrue(demo.get("/v2.0/subnetpools/" + pool).get("subnetpool").has("prefixes"));
    }

    private static List<String> ids(JsonNode body, String collection) {
        List<String> ids = new ArrayList<>();
        body.get(collection).forEach(n -> ids.add(n.get("id").asText()));
        return ids;
    }
}
