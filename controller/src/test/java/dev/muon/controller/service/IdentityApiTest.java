package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who sees and changes what; tags; If-Match; sorting and pages with their links. */
class IdentityApiTest {
    private final NeutronApi api = new NeutronApi();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void projectsSeeTheirOwnPlusSharedAndExternal() throws Exception {
        NeutronApi demo = api.as("demo");
        NeutronApi other = api.as("other");
        String shared = api.create("networks", "network", "{'name': 'shared', 'shared': true}").get("id").asText();
        api.create("subnets", "subnet", "{'network_id': '" + shared + "', 'cidr': '10.5.0.0/24'}");
        String pub = api.create("networks", "network", "{'name': 'public', 'router:external': true}").get("id").asText();
        String pubSubnet = api.create("subnets", "subnet", "{'network_id': '" + pub + "', 'cidr': '172.24.4.0/24', "
                + "'enable_dhcp': false}").get("id").asText();
        api.create("networks", "network", "{'name': 'private-admin'}");
        String mine = demo.create("networks", "network", "{'name': 'mine'}").get("id").asText();
        assertEquals("demo", api.get("/v2.0/networks/" + mine).get("network").get("project_id").asText());

        assertEquals(List.of("shared", "public", "mine"), names(demo.get("/v2.0/networks"), "networks"));
        assertEquals(List.of("shared", "public"), names(other.get("/v2.0/networks"), "networks"));
        assertEquals(4, api.get("/v2.0/networks").get("networks").size());
        error(other.send("GET", "/v2.0/networks/" + mine, null), 404, "NetworkNotFound");
        error(other.send("PUT", "/v2.0/networks/" + mine, "{'network': {'name': 'x'}}"), 404, "NetworkNotFound");
        JsonNode policy = error(other.send("PUT", "/v2.0/networks/" + shared, "{'network': {'name': 'x'}}"), 403,
                "PolicyNotAuthorized");
        assertEquals("rule:update_network is disallowed by policy", policy.get("message").asText());
        error(other.send("DELETE", "/v2.0/networks/" + shared, null), 403, "PolicyNotAuthorized");
        assertEquals(1, other.get("/v2.0/subnets").get("subnets").size(),
                "subnets of shared networks are visible, those of an external one are not (Neutron's get_subnet)");
        error(other.send("GET", "/v2.0/subnets/" + pubSubnet, null), 404, "SubnetNotFound");
        error(other.send("POST", "/v2.0/subnets", "{'subnet': {'network_id': '" + shared + "', "
                + "'cidr': '10.6.0.0/24'}}"), 403, "PolicyNotAuthorized");

        // A port on a shared network: allowed, but choosing addresses is for the network's owner.
        JsonNode port = other.create("ports", "port", "{'network_id': '" + shared + "'}");
        assertFalse(port.has("binding:host_id"), "binding attributes are for admins");
        error(other.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + shared + "', 'fixed_ips': "
                + "[{'ip_address': '10.5.0.9'}]}}"), 403, "PolicyNotAuthorized");
        error(other.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + shared + "', "
                + "'mac_address': 'fa:16:3e:00:00:99'}}"), 403, "PolicyNotAuthorized");
        assertEquals(1, other.get("/v2.0/ports").get("ports").size());
        assertEquals(1, api.get("/v2.0/ports").get("ports").size());
        error(demo.send("GET", "/v2.0/ports/" + port.get("id").asText(), null), 404, "PortNotFound");
        // Naming another project is a bad request from a non-admin, whichever name it uses.
        JsonNode foreign = error(demo.send("POST", "/v2.0/networks", "{'network': {'name': 'n', "
                + "'project_id': 'other'}}"), 400, "HTTPBadRequest");
        assertEquals("Specifying 'project_id' other than the authenticated project in request is not allowed "
                + "for the current user.", foreign.get("message").asText());
        error(demo.send("POST", "/v2.0/security-groups", "{'security_group': {'name': 'g', "
                + "'tenant_id': 'other'}}"), 400, "HTTPBadRequest");
        assertEquals(201, demo.send("POST", "/v2.0/networks", "{'network': {'name': 'n', 'project_id': 'demo'}}")
                .statusCode(), "its own project it may name");
        // An external network is visible to all, but only its owner (or an admin) puts ports on it.
        String publicId = api.get("/v2.0/networks?name=public").get("networks").get(0).get("id").asText();
        error(demo.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + publicId + "'}}"), 404, "HTTPNotFound");
        error(demo.send("POST", "/v2.0/subnets", "{'subnet': {'network_id': '" + publicId + "', "
                + "'cidr': '10.7.0.0/24'}}"), 404, "HTTPNotFound");
        JsonNode network = demo.get("/v2.0/networks/" + mine).get("network");
        assertFalse(network.has("provider:segmentation_id"), "provider attributes are for admins");
    }

    @Test
    void tagsAndTagFilters() throws Exception {
        String a = api.create("networks", "network", "{'name': 'a', 'tags': ['blue']}").get("id").asText();
        String b = api.create("networks", "network", "{'name': 'b'}").get("id").asText();
        String tags = "/v2.0/networks/" + b + "/tags";
        assertEquals(201, api.send("PUT", tags + "/red", null).statusCode());
        assertEquals(200, api.send("PUT", tags, "{'tags': ['red', 'green']}").statusCode());
        JsonNode shown = api.get("/v2.0/networks/" + b).get("network");
        assertEquals("[\"green\",\"red\"]", shown.get("tags").toString());
        assertEquals(3, shown.get("revision_number").asInt(), "each tag change revises the resource");
        assertEquals(List.of("b"), names(api.get("/v2.0/networks?tags=red,green"), "networks"));
        assertEquals(List.of("a", "b"), names(api.get("/v2.0/networks?tags-any=blue,red"), "networks"));
        assertEquals(List.of("a"), names(api.get("/v2.0/networks?not-tags=red"), "networks"));
        assertEquals(204, api.send("GET", tags + "/green", null).statusCode());
        assertEquals(204, api.send("DELETE", tags + "/green", null).statusCode());
        error(api.send("DELETE", tags + "/green", null), 404, "TagNotFound");
        assertEquals(204, api.send("DELETE", tags, null).statusCode());
        assertEquals("[]", api.get(tags).get("tags").toString());
        error(api.send("PUT", "/v2.0/networks/00000000-0000-0000-0000-000000000000/tags/x", null), 404,
                "TagResourceNotFound");
        error(api.as("other").send("PUT", "/v2.0/networks/" + a + "/tags/x", null), 404, "TagResourceNotFound");
        // Ports take tags at creation (tag-ports-during-bulk-creation), as the CLI sends them.
        JsonNode port = api.create("ports", "port", "{'network_id': '" + a + "', 'tags': ['t1']}");
        assertEquals("[\"t1\"]", port.get("tags").toString());
        HttpResponse<String> bulk = api.send("POST", "/v2.0/ports", "{'ports': [{'network_id': '" + a + "', "
                + "'name': 'b1', 'tags': ['t2']}, {'network_id': '" + a + "', 'name': 'b2'}]}");
        assertEquals(201, bulk.statusCode(), bulk.body());
        JsonNode created = NeutronApi.JSON.readTree(bulk.body()).get("ports");
        assertEquals(2, created.size());
        assertEquals("[\"t2\"]", created.get(0).get("tags").toString());
        // A bulk create is all or nothing.
        error(api.send("POST", "/v2.0/ports", "{'ports': [{'network_id': '" + a + "', 'name': 'b3'}, "
                + "{'network_id': '00000000-0000-0000-0000-000000000000'}]}"), 404, "NetworkNotFound");
        assertEquals(3, api.get("/v2.0/ports").get("ports").size());
        String group = api.create("security-groups", "security_group", "{'name': 'g'}").get("id").asText();
        assertEquals(201, api.send("PUT", "/v2.0/security-groups/" + group + "/tags/web", null).statusCode());
        assertEquals(List.of("g"), names(api.get("/v2.0/security-groups?tags=web"), "security_groups"));
    }

    @Test
    void ifMatchRevisionAndPagination() throws Exception {
        String id = api.create("networks", "network", "{'name': 'n1'}").get("id").asText();
        HttpResponse<String> stale = api.send("PUT", "/v2.0/networks/" + id, "{'network': {'name': 'x'}}",
                Map.of("If-Match", "revision_number=7"));
        JsonNode e = error(stale, 412, "HTTPPreconditionFailed");
        assertEquals("Constrained to 7, but current revision is 1", e.get("message").asText());
        assertEquals(200, api.send("PUT", "/v2.0/networks/" + id, "{'network': {'name': 'x'}}",
                Map.of("If-Match", "revision_number=1")).statusCode());
        error(api.send("DELETE", "/v2.0/networks/" + id, null, Map.of("If-Match", "revision_number=1")), 412,
                "HTTPPreconditionFailed");

        for (String n : List.of("n2", "n3", "n4", "n5")) {
            api.create("networks", "network", "{'name': '" + n + "'}");
        }
        JsonNode page = api.get("/v2.0/networks?sort_key=name&sort_dir=asc&limit=2");
        assertEquals(List.of("n2", "n3"), names(page, "networks"));
        JsonNode next = page.get("networks_links").get(0);
        assertEquals("next", next.get("rel").asText());
        String href = next.get("href").asText();
        assertTrue(href.startsWith("http://127.0.0.1:" + api.port() + "/v2.0/networks?"), href);
        JsonNode second = api.get(href.substring(href.indexOf("/v2.0")));
        assertEquals(List.of("n4", "n5"), names(second, "networks"));
        JsonNode previous = second.get("networks_links").get(1);
        assertEquals("previous", previous.get("rel").asText());
        String back = previous.get("href").asText();
        assertEquals(List.of("n2", "n3"), names(api.get(back.substring(back.indexOf("/v2.0"))), "networks"));
        assertEquals(List.of("x", "n5"), names(api.get("/v2.0/networks?sort_key=name&sort_dir=desc&limit=2"),
                "networks"));
        JsonNode fields = api.get("/v2.0/networks?fields=id&fields=name&limit=1").get("networks").get(0);
        assertEquals(2, fields.size());
        error(api.send("GET", "/v2.0/networks?sort_key=colour", null), 400, "HTTPBadRequest");
    }

    private static List<String> names(JsonNode body, String collection) {
        List<String> names = new ArrayList<>();
        body.get(collection).forEach(n -> names.add(n.get("name").asText()));
        return names;
    }
}
