package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Floating IPs: allocation on external networks, association through the router that reaches the port. */
class FloatingIpApiTest {
    private final NeutronApi api = new NeutronApi();
    private String ext;
    private String net1;
    private String subnet1;
    private String router;

    @BeforeEach
    void seed002Topology() throws Exception {
        ext = api.create("networks", "network", "{'name': 'net-ext', 'router:external': true}").get("id").asText();
        api.create("subnets", "subnet", "{'network_id': '" + ext + "', 'cidr': '192.168.0.0/24', "
                + "'gateway_ip': '192.168.0.1', 'enable_dhcp': false}");
        net1 = api.create("networks", "network", "{'name': 'net1'}").get("id").asText();
        subnet1 = api.create("subnets", "subnet", "{'network_id': '" + net1 + "', 'cidr': '10.0.0.0/24'}")
                .get("id").asText();
        router = api.create("routers", "router", "{'name': 'routerA', 'external_gateway_info': {'network_id': '"
                + ext + "'}}").get("id").asText();
        api.put("/v2.0/routers/" + router + "/add_router_interface", "{'subnet_id': '" + subnet1 + "'}");
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void createAssociateDisassociate() throws Exception {
        JsonNode f = api.create("floatingips", "floatingip", "{'floating_network_id': '" + ext + "'}");
        assertEquals("192.168.0.3", f.get("floating_ip_address").asText(), "the gateway port holds .2");
        assertTrue(f.get("router_id").isNull());
        assertTrue(f.get("port_id").isNull());
        assertTrue(f.get("fixed_ip_address").isNull());
        assertEquals("DOWN", f.get("status").asText());
        String id = f.get("id").asText();
        JsonNode holder = api.get("/v2.0/ports?device_owner=network:floatingip").get("ports").get(0);
        assertEquals(id, holder.get("device_id").asText());
        assertEquals("N/A", holder.get("status").asText());
        error(api.send("DELETE", "/v2.0/ports/" + holder.get("id").asText(), null), 409, "ServicePortInUse");

        String vm = api.create("ports", "port", "{'network_id': '" + net1 + "', 'device_owner': 'compute:nova'}")
                .get("id").asText();
        JsonNode associated = api.update("floatingips", "floatingip", id, "{'port_id': '" + vm + "'}");
        assertEquals(vm, associated.get("port_id").asText());
        assertEquals("10.0.0.2", associated.get("fixed_ip_address").asText());
        assertEquals(router, associated.get("router_id").asText());
        assertEquals("DOWN", associated.get("status").asText(), "associated, but no flow carries it yet");
        assertEquals(1, api.get("/v2.0/floatingips?port_id=" + vm).get("floatingips").size());

        error(api.send("PUT", "/v2.0/routers/" + router + "/remove_router_interface", "{'subnet_id': '" + subnet1
                + "'}"), 409, "RouterInterfaceInUseByFloatingIP");
        error(api.send("PUT", "/v2.0/routers/" + router, "{'router': {'external_gateway_info': {}}}"), 409,
                "RouterExternalGatewayInUseByFloatingIp");
        String second = api.create("floatingips", "floatingip", "{'floating_network_id': '" + ext + "'}")
                .get("id").asText();
        error(api.send("PUT", "/v2.0/floatingips/" + second, "{'floatingip': {'port_id': '" + vm + "'}}"), 409,
                "FloatingIPPortAlreadyAssociated");

        JsonNode released = api.update("floatingips", "floatingip", id, "{'port_id': null}");
        assertTrue(released.get("port_id").isNull() && released.get("router_id").isNull());
        assertEquals("DOWN", released.get("status").asText());
        api.update("floatingips", "floatingip", id, "{'port_id': '" + vm + "', 'fixed_ip_address': '10.0.0.2'}");
        api.delete("/v2.0/ports/" + vm);
        JsonNode orphan = api.get("/v2.0/floatingips/" + id).get("floatingip");
        assertTrue(orphan.get("port_id").isNull(), "deleting the port disassociates its floating IP");
        api.delete("/v2.0/floatingips/" + id);
        assertEquals(1, api.get("/v2.0/ports?device_owner=network:floatingip").get("ports").size());
    }

    /** Neutron (and tempest's test_blank_update_clears_association): {} disassociates, other updates do not. */
    @Test
    void aBlankUpdateDisassociatesAndOthersKeepTheAssociation() throws Exception {
        String vm = api.create("ports", "port", "{'network_id': '" + net1 + "', 'device_owner': 'compute:nova'}")
                .get("id").asText();
        String id = api.create("floatingips", "floatingip", "{'floating_network_id': '" + ext + "', 'port_id': '"
                + vm + "', 'description': 'd1'}").get("id").asText();
        JsonNode described = api.update("floatingips", "floatingip", id, "{'description': 'd2'}");
        assertEquals(vm, described.get("port_id").asText(), "an update without port_id keeps the association");
        JsonNode blank = api.update("floatingips", "floatingip", id, "{}");
        assertTrue(blank.get("port_id").isNull(), blank.toString());
        assertTrue(blank.get("router_id").isNull() && blank.get("fixed_ip_address").isNull());
        assertEquals("d2", blank.get("description").asText());
        assertTrue(api.get("/v2.0/floatingips/" + id).get("floatingip").get("port_id").isNull());
    }

    /**
     * Neutron deletes an external network's unassociated floating IPs with it; an associated one
     * keeps the network in use, and then nothing is deleted.
     */
    @Test
    void anExternalNetworkHeldOnlyByIdleFloatingIpsIsDeleted() throws Exception {
        String ext2 = api.create("networks", "network", "{'name': 'ext2', 'router:external': true}")
                .get("id").asText();
        api.create("subnets", "subnet", "{'network_id': '" + ext2 + "', 'cidr': '172.24.0.0/24'}");
        String idle = api.create("floatingips", "floatingip", "{'floating_network_id': '" + ext2 + "'}")
                .get("id").asText();
        api.as("demo").create("floatingips", "floatingip", "{'floating_network_id': '" + ext2 + "'}");
        api.delete("/v2.0/networks/" + ext2);
        error(api.send("GET", "/v2.0/floatingips/" + idle, null), 404, "FloatingIPNotFound");
        assertEquals(0, api.get("/v2.0/floatingips?floating_network_id=" + ext2).get("floatingips").size());
        assertEquals(0, api.get("/v2.0/ports?network_id=" + ext2).get("ports").size(), "their ports went too");

        // ext carries routerA's gateway and an associated floating IP: in use, and the idle one stays.
        String vm = api.create("ports", "port", "{'network_id': '" + net1 + "', 'device_owner': 'compute:nova'}")
                .get("id").asText();
        api.create("floatingips", "floatingip", "{'floating_network_id': '" + ext + "', 'port_id': '" + vm + "'}");
        String kept = api.create("floatingips", "floatingip", "{'floating_network_id': '" + ext + "'}")
                .get("id").asText();
        error(api.send("DELETE", "/v2.0/networks/" + ext, null), 409, "NetworkInUse");
        assertEquals(kept, api.get("/v2.0/floatingips/" + kept).get("floatingip").get("id").asText(),
                "a refused delete deletes nothing");
    }

    @Test
    void portDetailsFollowTheAssociation() throws Exception {
        JsonNode vm = api.create("ports", "port", "{'network_id': '" + net1 + "', 'name': 'vm1', "
                + "'device_owner': 'compute:nova', 'device_id': 'server-1'}");
        String vmId = vm.get("id").asText();
        JsonNode created = api.create("floatingips", "floatingip", "{'floating_network_id': '" + ext + "'}");
        assertTrue(created.get("port_details").isNull(), "not associated");
        String id = created.get("id").asText();

        JsonNode associated = api.update("floatingips", "floatingip", id, "{'port_id': '" + vmId + "'}");
        JsonNode details = associated.get("port_details");
        assertEquals("vm1", details.get("name").asText());
        assertEquals(net1, details.get("network_id").asText());
        assertEquals(vm.get("mac_address").asText(), details.get("mac_address").asText());
        assertTrue(details.get("admin_state_up").asBoolean());
        assertEquals(vm.get("status").asText(), details.get("status").asText());
        assertEquals("server-1", details.get("device_id").asText());
        assertEquals("compute:nova", details.get("device_owner").asText());
        assertEquals(details, api.get("/v2.0/floatingips/" + id).get("floatingip").get("port_details"));
        assertEquals(details, api.get("/v2.0/floatingips").get("floatingips").get(0).get("port_details"));
        JsonNode selected = api.get("/v2.0/floatingips/" + id + "?fields=port_details").get("floatingip");
        assertEquals(1, selected.size());
        assertEquals(details, selected.get("port_details"));
        assertEquals("vm1", api.get("/v2.0/floatingips?fields=id&fields=port_details").get("floatingips").get(0)
                .get("port_details").get("name").asText());

        // the details are the port's as it is now
        api.update("ports", "port", vmId, "{'name': 'renamed', 'admin_state_up': false}");
        JsonNode now = api.get("/v2.0/floatingips/" + id).get("floatingip").get("port_details");
        assertEquals("renamed", now.get("name").asText());
        assertTrue(!now.get("admin_state_up").asBoolean());

        error(api.send("PUT", "/v2.0/floatingips/" + id, "{'floatingip': {'port_details': null}}"), 400,
                "HTTPBadRequest");
        JsonNode released = api.update("floatingips", "floatingip", id, "{'port_id': null}");
        assertTrue(released.get("port_details").isNull());
        // bulk creation renders them too
        HttpResponse<String> r = api.send("POST", "/v2.0/floatingips", "{'floatingips': [{'floating_network_id': '"
                + ext + "', 'port_id': '" + vmId + "'}]}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode bulk = NeutronApi.JSON.readTree(r.body()).get("floatingips").get(0);
        assertEquals("renamed", bulk.get("port_details").get("name").asText());
    }

    @Test
    void refusals() throws Exception {
        JsonNode notExternal = error(api.send("POST", "/v2.0/floatingips", "{'floatingip': {'floating_network_id': '"
                + net1 + "'}}"), 400, "BadRequest");
        assertEquals("Bad floatingip request: Network " + net1 + " is not a valid external network.",
                notExternal.get("message").asText());
        error(api.send("POST", "/v2.0/floatingips", "{'floatingip': {}}"), 400, "HTTPBadRequest");
        error(api.send("POST", "/v2.0/floatingips", "{'floatingip': {'floating_network_id': "
                + "'00000000-0000-0000-0000-000000000000'}}"), 404, "NetworkNotFound");
        error(api.send("POST", "/v2.0/floatingips", "{'floatingip': {'floating_network_id': '" + ext
                + "', 'floating_ip_address': '10.0.0.9'}}"), 400, "InvalidIpForNetwork");
        error(api.as("demo").send("POST", "/v2.0/floatingips", "{'floatingip': {'floating_network_id': '" + ext
                + "', 'floating_ip_address': '192.168.0.9'}}"), 403, "PolicyNotAuthorized");

        // A port no router connects to the external network.
        String isolated = api.create("networks", "network", "{'name': 'iso'}").get("id").asText();
        api.create("subnets", "subnet", "{'network_id': '" + isolated + "', 'cidr': '10.9.0.0/24'}");
        String lonely = api.create("ports", "port", "{'network_id': '" + isolated + "'}").get("id").asText();
        JsonNode unreachable = error(api.send("POST", "/v2.0/floatingips", "{'floatingip': {'floating_network_id': '"
                + ext + "', 'port_id': '" + lonely + "'}}"), 404, "ExternalGatewayForFloatingIPNotFound");
        assertTrue(unreachable.get("message").asText().startsWith("External network " + ext + " is not reachable"));
        String f = api.create("floatingips", "floatingip", "{'floating_network_id': '" + ext + "'}").get("id").asText();
        error(api.send("PUT", "/v2.0/floatingips/" + f, "{'floatingip': {'fixed_ip_address': '10.0.0.2'}}"), 400,
                "BadRequest");
        String twoIps = api.create("ports", "port", "{'network_id': '" + net1 + "', 'fixed_ips': [{'subnet_id': '"
                + subnet1 + "'}, {'subnet_id': '" + subnet1 + "'}]}").get("id").asText();
        error(api.send("PUT", "/v2.0/floatingips/" + f, "{'floatingip': {'port_id': '" + twoIps + "'}}"), 400,
                "BadRequest");
        JsonNode chosen = api.update("floatingips", "floatingip", f, "{'port_id': '" + twoIps
                + "', 'fixed_ip_address': '10.0.0.3'}");
        assertEquals("10.0.0.3", chosen.get("fixed_ip_address").asText());
        error(api.send("PUT", "/v2.0/ports/" + twoIps, "{'port': {'fixed_ips': [{'ip_address': '10.0.0.2'}]}}"),
                400, "BadRequest");
        // Only the floating IPs that were created exist: every refusal above left nothing.
        assertEquals(1, api.get("/v2.0/floatingips").get("floatingips").size());
    }
}
