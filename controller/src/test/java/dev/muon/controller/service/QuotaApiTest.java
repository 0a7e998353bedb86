package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.controller.store.ModelStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Neutron's quotas and quota_details: limits per project, who may read and set them, enforcement on create. */
class QuotaApiTest {
    private final NeutronApi api = new NeutronApi(QuotaDefaults.neutron());

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void aProjectWithoutLimitsOfItsOwnHasNeutronsDefaults() throws Exception {
        JsonNode quota = api.get("/v2.0/quotas/demo").get("quota");
        assertEquals(Map.of("network", 100, "subnet", 100, "subnetpool", -1, "port", 500, "router", 10,
                "floatingip", 50, "security_group", 10, "security_group_rule", 100, "rbac_policy", 10),
                NeutronApi.JSON.convertValue(quota, Map.class));
        assertEquals(quota, api.get("/v2.0/quotas/demo/default").get("quota"));
        assertEquals(0, api.get("/v2.0/quotas").get("quotas").size(), "no project has limits of its own");
        assertEquals("demo", api.as("demo").get("/v2.0/quotas/project").get("project").get("project_id").asText());
    }

    @Test
    void anAdminSetsListsAndResetsAProjectsLimits() throws Exception {
        JsonNode set = api.put("/v2.0/quotas/demo", "{'quota': {'network': 0, 'port': '7'}}").get("quota");
        assertEquals(0, set.get("network").asInt());
        assertEquals(7, set.get("port").asInt(), "a number in a string is a number, as Neutron's convert_to_int");
        assertEquals(100, set.get("subnet").asInt(), "the others keep their defaults");
        assertEquals(0, api.get("/v2.0/quotas/demo").get("quota").get("network").asInt());

        JsonNode listed = api.get("/v2.0/quotas").get("quotas");
        assertEquals(1, listed.size());
        assertEquals("demo", listed.get(0).get("project_id").asText());
        assertEquals("demo", listed.get(0).get("tenant_id").asText());
        assertEquals(7, listed.get(0).get("port").asInt());
        assertEquals(10, listed.get(0).get("router").asInt());

        api.delete("/v2.0/quotas/demo");
        assertEquals(0, api.get("/v2.0/quotas").get("quotas").size());
        assertEquals(api.get("/v2.0/quotas/demo/default"), api.get("/v2.0/quotas/demo"));
        error(api.send("DELETE", "/v2.0/quotas/demo", null), 404, "TenantQuotaNotFound");
    }

    @Test
    void limitsAreValidatedAsNeutronDoes() throws Exception {
        for (String bad : new String[]{"-2", "2147483648", "'value'", "null"}) {
            JsonNode e = error(api.send("PUT", "/v2.0/quotas/demo", "{'quota': {'security_group': " + bad + "}}"),
                    400, "HTTPBadRequest");
            assertTrue(e.get("message").asText().startsWith("Invalid input for security_group. Reason: "),
                    e.toString());
        }
        error(api.send("PUT", "/v2.0/quotas/demo", "{'quota': {'volumes': 3}}"), 400, "HTTPBadRequest");
        assertEquals(2147483647, api.put("/v2.0/quotas/demo", "{'quota': {'security_group': 2147483647}}")
                .get("quota").get("security_group").asInt());
        assertEquals(-1, api.put("/v2.0/quotas/demo", "{'quota': {'security_group': -1}}")
                .get("quota").get("security_group").asInt());
        error(api.send("POST", "/v2.0/quotas", "{'quota': {}}"), 501, "HTTPNotImplemented");
    }

    @Test
    void membersReadTheirOwnProjectsLimitsOnly() throws Exception {
        NeutronApi demo = api.as("demo");
        assertEquals(500, demo.get("/v2.0/quotas/demo").get("quota").get("port").asInt());
        assertEquals(500, demo.get("/v2.0/quotas/demo/default").get("quota").get("port").asInt());
        assertEquals(0, demo.get("/v2.0/quotas/demo/details").get("quota").get("port").get("used").asInt());
        error(demo.send("GET", "/v2.0/quotas/other", null), 403, "PolicyNotAuthorized");
        error(demo.send("GET", "/v2.0/quotas/other/details", null), 403, "AdminRequired");
        error(demo.send("GET", "/v2.0/quotas", null), 403, "PolicyNotAuthorized");
        error(demo.send("PUT", "/v2.0/quotas/demo", "{'quota': {'network': 1000}}"), 403, "PolicyNotAuthorized");
        error(demo.send("DELETE", "/v2.0/quotas/demo", null), 403, "PolicyNotAuthorized");
        assertEquals(100, demo.get("/v2.0/quotas/demo").get("quota").get("network").asInt(), "unchanged");
    }

    @Test
    void createsBeyondTheLimitAreRefusedWithOverQuota() throws Exception {
        api.put("/v2.0/quotas/demo", "{'quota': {'network': 2}}");
        NeutronApi demo = api.as("demo");
        demo.create("networks", "network", "{'name': 'a'}");
        api.create("networks", "network", "{'name': 'b', 'project_id': 'demo'}");   // an admin's, for demo
        JsonNode e = error(demo.send("POST", "/v2.0/networks", "{'network': {'name': 'c'}}"), 409, "OverQuota");
        assertEquals("Quota exceeded for resources: ['network'].", e.get("message").asText());
        error(api.send("POST", "/v2.0/networks", "{'network': {'name': 'c', 'project_id': 'demo'}}"), 409,
                "OverQuota");
        assertEquals(2, api.get("/v2.0/networks?project_id=demo").get("networks").size());
        api.as("other").create("networks", "network", "{'name': 'c'}");   // another project has its own

        // Deleting one makes room again.
        String a = api.get("/v2.0/networks?project_id=demo&name=a").get("networks").get(0).get("id").asText();
        demo.delete("/v2.0/networks/" + a);
        demo.create("networks", "network", "{'name': 'c'}");
    }

    @Test
    void aBulkCreateBeyondTheLimitCreatesNothing() throws Exception {
        NeutronApi demo = api.as("demo");
        String net = demo.create("networks", "network", "{'name': 'n'}").get("id").asText();
        demo.create("subnets", "subnet", "{'network_id': '" + net + "', 'cidr': '10.0.0.0/24', 'ip_version': 4}");
        api.put("/v2.0/quotas/demo", "{'quota': {'port': 2}}");
        String port = "{'network_id': '" + net + "'}";
        JsonNode e = error(demo.send("POST", "/v2.0/ports", "{'ports': [" + port + ", " + port + ", " + port + "]}"),
                409, "OverQuota");
        assertEquals("Quota exceeded for resources: ['port'].", e.get("message").asText());
        assertEquals(0, demo.get("/v2.0/ports").get("ports").size(), "all or nothing");
        assertEquals(201, demo.send("POST", "/v2.0/ports", "{'ports': [" + port + ", " + port + "]}").statusCode());
        assertEquals(2, demo.get("/v2.0/ports").get("ports").size());
    }

    @Test
    void aNewSecurityGroupsDefaultRulesCountAgainstTheRuleQuota() throws Exception {
        NeutronApi demo = api.as("demo");
        demo.get("/v2.0/security-groups");   // the default group and its 4 rules
        api.put("/v2.0/quotas/demo", "{'quota': {'security_group_rule': 5}}");
        JsonNode e = error(demo.send("POST", "/v2.0/security-groups", "{'security_group': {'name': 'web'}}"), 409,
                "OverQuota");
        assertEquals("Quota exceeded for resources: ['security_group_rule'].", e.get("message").asText());
        api.put("/v2.0/quotas/demo", "{'quota': {'security_group_rule': 6, 'security_group': 1}}");
        error(demo.send("POST", "/v2.0/security-groups", "{'security_group': {'name': 'web'}}"), 409, "OverQuota");
        api.put("/v2.0/quotas/demo", "{'quota': {'security_group': 2}}");
        String web = demo.create("security-groups", "security_group", "{'name': 'web'}").get("id").asText();
        error(demo.send("POST", "/v2.0/security-group-rules", "{'security_group_rule': {'security_group_id': '" + web
                + "', 'direction': 'ingress', 'protocol': 'tcp'}}"), 409, "OverQuota");
    }

    @Test
    void theDefaultGroupACreateAddsIsNotCountedAgainstIt() throws Exception {
        // As Neutron's API layer: what the project had (no group yet) plus the one asked for.
        api.put("/v2.0/quotas/fresh", "{'quota': {'security_group': 1}}");
        api.create("security-groups", "security_group", "{'name': 'web', 'project_id': 'fresh'}");
        assertEquals(2, api.get("/v2.0/security-groups?project_id=fresh").get("security_groups").size(),
                "web and the project's default group");
        error(api.send("POST", "/v2.0/security-groups", "{'security_group': {'name': 'db', 'project_id': 'fresh'}}"),
                409, "OverQuota");
    }

    @Test
    void aLimitMayBeSetBelowUseUnlessCheckLimitIsAsked() throws Exception {
        NeutronApi demo = api.as("demo");
        demo.create("routers", "router", "{'name': 'r1'}");
        demo.create("routers", "router", "{'name': 'r2'}");
        JsonNode e = error(api.send("PUT", "/v2.0/quotas/demo", "{'quota': {'router': 1, 'check_limit': true}}"), 400,
                "HTTPBadRequest");
        assertEquals("Quota limit 1 for router must be greater than or equal to already used 2",
                e.get("message").asText());
        assertEquals(10, api.get("/v2.0/quotas/demo").get("quota").get("router").asInt(), "nothing set");
        assertEquals(1, api.put("/v2.0/quotas/demo", "{'quota': {'router': 1, 'force': true}}")
                .get("quota").get("router").asInt());
        error(demo.send("POST", "/v2.0/routers", "{'router': {'name': 'r3'}}"), 409, "OverQuota");
        assertEquals(2, demo.get("/v2.0/routers").get("routers").size(), "what it had stays");
        JsonNode details = api.get("/v2.0/quotas/demo/details").get("quota");
        assertEquals(Map.of("limit", 1, "used", 2, "reserved", 0),
                NeutronApi.JSON.convertValue(details.get("router"), Map.class));
    }

    @Test
    void detailsCountWhatTheProjectOwns() throws Exception {
        NeutronApi demo = api.as("demo");
        String net = demo.create("networks", "network", "{'name': 'n'}").get("id").asText();
        demo.create("subnets", "subnet", "{'network_id': '" + net + "', 'cidr': '10.0.0.0/24', 'ip_version': 4}");
        demo.create("ports", "port", "{'network_id': '" + net + "'}");
        api.create("networks", "network", "{'name': 'admins'}");
        JsonNode details = api.get("/v2.0/quotas/demo/details").get("quota");
        assertEquals(1, details.get("network").get("used").asInt());
        assertEquals(1, details.get("subnet").get("used").asInt());
        assertEquals(1, details.get("port").get("used").asInt());
        assertEquals(1, details.get("security_group").get("used").asInt(), "the default group");
        assertEquals(4, details.get("security_group_rule").get("used").asInt());
        assertEquals(0, details.get("router").get("used").asInt());
        assertEquals(100, details.get("network").get("limit").asInt());
        assertEquals(details, api.get("/v2.0/quotas/demo/details.json").get("quota"), "the legacy client's path");
        for (JsonNode r : details) {
            assertTrue(r.has("limit") && r.has("used") && r.has("reserved"), r.toString());
        }
    }

    @Test
    void limitsSurviveARestart(@TempDir Path dir) throws Exception {
        try (NeutronApi first = new NeutronApi(ModelStore.open(dir))) {
            first.put("/v2.0/quotas/demo", "{'quota': {'network': 3}}");
        }
        try (NeutronApi again = new NeutronApi(ModelStore.open(dir))) {
            assertEquals(3, again.get("/v2.0/quotas/demo").get("quota").get("network").asInt());
            assertFalse(again.get("/v2.0/quotas").get("quotas").isEmpty());
        }
    }
}
