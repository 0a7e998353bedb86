package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routers: gateways, interfaces, extra routes, with Neutron's checks, over HTTP. */
class RouterApiTest {
    private final NeutronApi api = new NeutronApi();
    private String ext;
    private String extSubnet;
    private String net1;
    private String subnet1;

    @BeforeEach
    void topology() throws Exception {
        ext = api.create("networks", "network", "{'name': 'net-ext', 'router:external': true}").get("id").asText();
        extSubnet = api.create("subnets", "subnet", "{'network_id': '" + ext + "', 'cidr': '192.168.0.0/24', "
                + "'gateway_ip': '192.168.0.1', 'enable_dhcp': false}").get("id").asText();
        net1 = api.create("networks", "network", "{'name': 'net1'}").get("id").asText();
        subnet1 = api.create("subnets", "subnet", "{'network_id': '" + net1 + "', 'cidr': '10.0.0.0/24'}")
                .get("id").asText();
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void routerWithGatewayAndInterfaces() throws Exception {
        JsonNode r = api.create("routers", "router", "{'name': 'router-1'}");
        assertEquals("DOWN", r.get("status").asText(), "ACTIVE only once the nodes routing for it hold its flows");
        assertTrue(r.get("external_gateway_info").isNull());
        assertTrue(r.get("admin_state_up").asBoolean());
        assertFalse(r.get("distributed").asBoolean());
        String id = r.get("id").asText();

        JsonNode g = api.update("routers", "router", id, "{'external_gateway_info': {'network_id': '" + ext + "'}}")
                .get("external_gateway_info");
        assertEquals(ext, g.get("network_id").asText());
        assertTrue(g.get("enable_snat").asBoolean());
        assertEquals("192.168.0.2", g.get("external_fixed_ips").get(0).get("ip_address").asText());
        JsonNode gwPort = api.get("/v2.0/ports?device_id=" + id + "&device_owner=network:router_gateway")
                .get("ports").get(0);
        assertEquals("", gwPort.get("project_id").asText(), "Neutron gives gateway ports no project");
        assertEquals(ext, gwPort.get("network_id").asText());

        JsonNode added = api.put("/v2.0/routers/" + id + "/add_router_interface", "{'subnet_id': '" + subnet1 + "'}");
        assertEquals(id, added.get("id").asText());
        assertEquals(subnet1, added.get("subnet_id").asText());
        assertEquals(net1, added.get("network_id").asText());
        JsonNode port = api.get("/v2.0/ports/" + added.get("port_id").asText()).get("port");
        assertEquals("network:router_interface", port.get("device_owner").asText());
        assertEquals(id, port.get("device_id").asText());
        assertEquals("10.0.0.1", port.get("fixed_ips").get(0).get("ip_address").asText());
        assertEquals(0, port.get("security_groups").size(), "network-owned ports get no security group");

        // By port: an existing port becomes the interface.
        String net2 = api.create("networks", "network", "{'name': 'net2'}").get("id").asText();
        String subnet2 = api.create("subnets", "subnet", "{'network_id': '" + net2 + "', 'cidr': '10.0.1.0/24'}")
                .get("id").asText();
        String p2 = api.create("ports", "port", "{'network_id': '" + net2 + "', 'fixed_ips': [{'ip_address': "
                + "'10.0.1.5'}]}").get("id").asText();
        JsonNode byPort = api.put("/v2.0/routers/" + id + "/add_router_interface", "{'port_id': '" + p2 + "'}");
        assertEquals(subnet2, byPort.get("subnet_id").asText());
        assertEquals("network:router_interface", api.get("/v2.0/ports/" + p2).get("port").get("device_owner").asText());

        error(api.send("DELETE", "/v2.0/routers/" + id, null), 409, "RouterInUse");
        error(api.send("DELETE", "/v2.0/ports/" + p2, null), 409, "ServicePortInUse");
        error(api.send("DELETE", "/v2.0/subnets/" + subnet1, null), 409, "SubnetInUse");
        error(api.send("PUT", "/v2.0/networks/" + ext, "{'network': {'router:external': false}}"), 409,
                "ExternalNetworkInUse");

        JsonNode removed = api.put("/v2.0/routers/" + id + "/remove_router_interface", "{'subnet_id': '" + subnet1
                + "'}");
        assertEquals(added.get("port_id").asText(), removed.get("port_id").asText());
        api.put("/v2.0/routers/" + id + "/remove_router_interface", "{'port_id': '" + p2 + "'}");
        assertEquals(0, api.get("/v2.0/ports?device_id=" + id + "&device_owner=network:router_interface")
                .get("ports").size());
        JsonNode cleared = api.update("routers", "router", id, "{'external_gateway_info': {}}");
        assertTrue(cleared.get("external_gateway_info").isNull());
        assertEquals(0, api.get("/v2.0/ports?network_id=" + ext).get("ports").size(), "gateway port removed");
        api.delete("/v2.0/routers/" + id);
        assertEquals(0, api.get("/v2.0/routers").get("routers").size());
    }

    @Test
    void createWithGatewayAndExternalFixedIps() throws Exception {
        JsonNode r = api.create("routers", "router", "{'name': 'r', 'external_gateway_info': {'network_id': '" + ext
                + "', 'enable_snat': false, 'external_fixed_ips': [{'ip_address': '192.168.0.50'}]}}");
        JsonNode g = r.get("external_gateway_info");
        assertFalse(g.get("enable_snat").asBoolean());
        assertEquals("192.168.0.50", g.get("external_fixed_ips").get(0).get("ip_address").asText());
        assertEquals(extSubnet, g.get("external_fixed_ips").get(0).get("subnet_id").asText());
        error(api.send("POST", "/v2.0/routers", "{'router': {'external_gateway_info': {'network_id': '" + ext
                + "', 'external_fixed_ips': [{'ip_address': '192.168.0.1'}]}}}"), 400, "BadRequest");
        JsonNode notExternal = error(api.send("POST", "/v2.0/routers", "{'router': {'external_gateway_info': "
                + "{'network_id': '" + net1 + "'}}}"), 400, "BadRequest");
        assertEquals("Bad router request: Network " + net1 + " is not an external network.",
                notExternal.get("message").asText());
        error(api.as("demo").send("POST", "/v2.0/routers", "{'router': {'external_gateway_info': {'network_id': '"
                + ext + "', 'enable_snat': false}}}"), 403, "PolicyNotAuthorized");
        error(api.as("demo").send("POST", "/v2.0/routers", "{'router': {'distributed': true}}"), 403,
                "PolicyNotAuthorized");
        assertEquals(1, api.get("/v2.0/routers").get("routers").size(), "refused routers leave nothing");
        assertEquals(1, api.get("/v2.0/ports?network_id=" + ext).get("ports").size());
    }

    @Test
    void interfaceChecks() throws Exception {
        String id = api.create("routers", "router", "{'name': 'r'}").get("id").asText();
        String path = "/v2.0/routers/" + id + "/add_router_interface";
        error(api.send("PUT", path, "{}"), 400, "BadRequest");
        error(api.send("PUT", path, "{'subnet_id': '" + subnet1 + "', 'port_id': '" + subnet1 + "'}"), 400,
                "BadRequest");
        api.put(path, "{'subnet_id': '" + subnet1 + "'}");
        JsonNode twice = error(api.send("PUT", path, "{'subnet_id': '" + subnet1 + "'}"), 400, "BadRequest");
        assertEquals("Bad router request: Router already has a port on subnet " + subnet1 + ".",
                twice.get("message").asText());
        String overlapping = api.create("networks", "network", "{'name': 'o'}").get("id").asText();
        String overlappingSubnet = api.create("subnets", "subnet", "{'network_id': '" + overlapping + "', "
                + "'cidr': '10.0.0.0/16'}").get("id").asText();
        error(api.send("PUT", path, "{'subnet_id': '" + overlappingSubnet + "'}"), 400, "BadRequest");
        String noGateway = api.create("subnets", "subnet", "{'network_id': '" + overlapping + "', "
                + "'cidr': '172.16.0.0/24', 'gateway_ip': null}").get("id").asText();
        error(api.send("PUT", path, "{'subnet_id': '" + noGateway + "'}"), 400, "BadRequest");
        String used = api.create("ports", "port", "{'network_id': '" + overlapping + "', 'device_id': 'vm-1'}")
                .get("id").asText();
        error(api.send("PUT", path, "{'port_id': '" + used + "'}"), 409, "PortInUse");
        error(api.send("PUT", path, "{'subnet_id': '00000000-0000-0000-0000-000000000000'}"), 404, "SubnetNotFound");
        String remove = "/v2.0/routers/" + id + "/remove_router_interface";
        error(api.send("PUT", remove, "{'subnet_id': '" + noGateway + "'}"), 404, "RouterInterfaceNotFoundForSubnet");
        error(api.send("PUT", remove, "{'port_id': '" + used + "'}"), 404, "RouterInterfaceNotFound");
        error(api.send("PUT", "/v2.0/routers/00000000-0000-0000-0000-000000000000/add_router_interface",
                "{'subnet_id': '" + subnet1 + "'}"), 404, "RouterNotFound");
    }

    @Test
    void extraRoutesAndDistributedInterfaces() throws Exception {
        String id = api.create("routers", "router", "{'name': 'r'}").get("id").asText();
        api.put("/v2.0/routers/" + id + "/add_router_interface", "{'subnet_id': '" + subnet1 + "'}");
        error(api.send("POST", "/v2.0/routers", "{'router': {'routes': []}}"), 400, "HTTPBadRequest");
        JsonNode routed = api.update("routers", "router", id,
                "{'routes': [{'destination': '172.16.0.0/16', 'nexthop': '10.0.0.254'}]}");
        assertEquals("172.16.0.0/16", routed.get("routes").get(0).get("destination").asText());
        JsonNode notConnected = error(api.send("PUT", "/v2.0/routers/" + id, "{'router': {'routes': "
                + "[{'destination': '172.16.0.0/16', 'nexthop': '10.9.0.1'}]}}"), 400, "InvalidRoutes");
        assertEquals("Invalid format for routes: [{'destination': '172.16.0.0/16', 'nexthop': '10.9.0.1'}], the "
                + "nexthop is not connected with router", notConnected.get("message").asText());
        error(api.send("PUT", "/v2.0/routers/" + id, "{'router': {'routes': [{'destination': '172.16.0.0/16', "
                + "'nexthop': '10.0.0.1'}]}}"), 400, "InvalidRoutes");
        JsonNode more = api.put("/v2.0/routers/" + id + "/add_extraroutes", "{'router': {'routes': "
                + "[{'destination': '172.17.0.0/16', 'nexthop': '10.0.0.253'}]}}").get("router");
        assertEquals(2, more.get("routes").size());
        error(api.send("PUT", "/v2.0/routers/" + id + "/remove_router_interface", "{'subnet_id': '" + subnet1
                + "'}"), 409, "RouterInterfaceInUseByRoute");
        JsonNode fewer = api.put("/v2.0/routers/" + id + "/remove_extraroutes", "{'router': {'routes': "
                + "[{'destination': '172.16.0.0/16', 'nexthop': '10.0.0.254'}]}}").get("router");
        assertEquals(1, fewer.get("routes").size());

        error(api.send("PUT", "/v2.0/routers/" + id, "{'router': {'distributed': true}}"), 400, "BadRequest");
        JsonNode dvr = api.update("routers", "router", id, "{'admin_state_up': false, 'distributed': true}");
        assertTrue(dvr.get("distributed").asBoolean());
        JsonNode port = api.get("/v2.0/ports?device_id=" + id).get("ports").get(0);
        assertEquals("network:router_interface_distributed", port.get("device_owner").asText());
        assertEquals("distributed", port.get("binding:vif_type").asText());
        // distributed and ha are for admins' eyes only.
        NeutronApi demo = api.as("demo");
        String own = demo.create("routers", "router", "{'name': 'mine'}").get("id").asText();
        JsonNode shown = demo.get("/v2.0/routers/" + own).get("router");
        assertFalse(shown.has("distributed") || shown.has("ha"));
        assertEquals(1, demo.get("/v2.0/routers").get("routers").size(), "a project sees its own routers only");
    }
}
