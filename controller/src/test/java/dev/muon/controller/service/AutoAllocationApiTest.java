package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** "Get me a network": built exactly when seed 000's three conditions hold, once, and removable. */
class AutoAllocationApiTest {
    private final NeutronApi api = new NeutronApi();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void threeConditionsThenOneTopology() throws Exception {
        NeutronApi demo = api.as("demo");
        String path = "/v2.0/auto-allocated-topology/demo";
        JsonNode noExternal = error(demo.send("GET", path, null), 409, "AutoAllocationFailure");
        assertEquals("Deployment error: No default router:external network.", noExternal.get("message").asText());
        error(demo.send("GET", path + "?fields=dry-run", null), 409, "AutoAllocationFailure");

        // (1) a default external network ...
        String ext = api.create("networks", "network", "{'name': 'external', 'router:external': true, "
                + "'is_default': true}").get("id").asText();
        JsonNode noPool = error(demo.send("GET", path + "?fields=dry-run", null), 409, "AutoAllocationFailure");
        assertEquals("Deployment error: No default subnetpools defined.", noPool.get("message").asText());
        JsonNode noPrivate = error(demo.send("GET", path, null), 409, "AutoAllocationFailure");
        assertEquals("Deployment error: Unable to provide project private network.",
                noPrivate.get("message").asText());
        // (2) ... a default pool the project may use (a non-shared pool of another project is not) ...
        String pool = api.create("subnetpools", "subnetpool", "{'name': 'default_subnetpool', 'is_default': true, "
                + "'prefixes': ['10.0.0.0/20'], 'default_prefixlen': 24}").get("id").asText();
        error(demo.send("GET", path + "?fields=dry-run", null), 409, "AutoAllocationFailure");
        api.delete("/v2.0/subnetpools/" + pool);
        api.create("subnetpools", "subnetpool", "{'name': 'default_subnetpool', 'is_default': true, 'shared': true, "
                + "'prefixes': ['10.0.0.0/20'], 'default_prefixlen': 24}");
        api.create("subnets", "subnet", "{'network_id': '" + ext + "', 'ip_version': 4, "
                + "'use_default_subnetpool': true}");
        JsonNode pass = demo.get(path + "?fields=dry-run").get("auto_allocated_topology");
        assertEquals("dry-run=pass", pass.get("id").asText());
        assertEquals(0, api.get("/v2.0/networks?project_id=demo").get("networks").size(), "a dry run builds nothing");
        // (3) ... and no network of the project's own.
        String own = demo.create("networks", "network", "{'name': 'mine'}").get("id").asText();
        error(demo.send("GET", path, null), 409, "AutoAllocationFailure");
        demo.delete("/v2.0/networks/" + own);

        JsonNode topology = demo.get(path).get("auto_allocated_topology");
        String net = topology.get("id").asText();
        assertEquals("demo", topology.get("project_id").asText());
        JsonNode network = demo.get("/v2.0/networks/" + net).get("network");
        assertEquals("auto_allocated_network", network.get("name").asText());
        JsonNode subnet = demo.get("/v2.0/subnets?network_id=" + net).get("subnets").get(0);
        assertEquals("auto_allocated_subnet_v4", subnet.get("name").asText());
        assertEquals("10.0.1.0/24", subnet.get("cidr").asText(), "the external subnet took 10.0.0.0/24");
        JsonNode router = demo.get("/v2.0/routers?name=auto_allocated_router").get("routers").get(0);
        assertEquals(ext, router.get("external_gateway_info").get("network_id").asText());
        assertEquals(1, demo.get("/v2.0/ports?device_id=" + router.get("id").asText()
                + "&device_owner=network:router_interface").get("ports").size());
        assertEquals(net, demo.get("/v2.0/auto-allocated-topology/None").get("auto_allocated_topology")
                .get("id").asText(), "asked again (None: the caller's project), the same topology");
        assertEquals(1, api.get("/v2.0/routers").get("routers").size());

        error(demo.send("GET", "/v2.0/auto-allocated-topology/other", null), 403, "NotAuthorized");
        error(demo.send("GET", path + "?fields=name", null), 400, "BadRequest");
        demo.delete(path);
        assertEquals(0, api.get("/v2.0/networks?project_id=demo").get("networks").size());
        assertEquals(0, api.get("/v2.0/routers").get("routers").size());
        assertEquals(0, api.get("/v2.0/ports").get("ports").size(), "no interface or gateway port remains");
    }
}
