package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Trunks (VLAN aware VMs) and Neutron's checks on parents and subports. */
class TrunkApiTest {
    private final NeutronApi api = new NeutronApi();
    private String parent;
    private final String[] subports = new String[3];

    @BeforeEach
    void ports() throws Exception {
        String trunkNet = network("trunk", "192.168.100.0/24");
        parent = api.create("ports", "port", "{'network_id': '" + trunkNet + "', 'name': 'my-trunk'}").get("id").asText();
        for (int i = 0; i < 3; i++) {
            String net = network("net" + (i + 1), "192.168." + (i + 1) * 10 + ".0/24");
            subports[i] = api.create("ports", "port", "{'network_id': '" + net + "'}").get("id").asText();
        }
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void trunkWithThreeSubports() throws Exception {
        JsonNode t = api.create("trunks", "trunk", "{'port_id': '" + parent + "', 'name': 'trunk-net'}");
        assertEquals("DOWN", t.get("status").asText());
        assertEquals(0, t.get("sub_ports").size());
        assertEquals(1, t.get("revision_number").asInt());
        String id = t.get("id").asText();
        JsonNode added = api.put("/v2.0/trunks/" + id + "/add_subports", "{'sub_ports': ["
                + "{'port_id': '" + subports[0] + "', 'segmentation_type': 'vlan', 'segmentation_id': 1100},"
                + "{'port_id': '" + subports[1] + "', 'segmentation_type': 'vlan', 'segmentation_id': 1200},"
                + "{'port_id': '" + subports[2] + "', 'segmentation_type': 'vlan', 'segmentation_id': 1300}]}");
        assertEquals(3, added.get("sub_ports").size());
        assertEquals(2, added.get("revision_number").asInt());
        assertEquals(1200, api.get("/v2.0/trunks/" + id + "/get_subports").get("sub_ports").get(1)
                .get("segmentation_id").asInt());
        JsonNode details = api.get("/v2.0/ports/" + parent).get("port").get("trunk_details");
        assertEquals(id, details.get("trunk_id").asText());
        assertEquals(3, details.get("sub_ports").size());

        error(api.send("DELETE", "/v2.0/ports/" + parent, null), 409, "PortInUseAsTrunkParent");
        error(api.send("DELETE", "/v2.0/ports/" + subports[0], null), 409, "PortInUseAsSubPort");
        JsonNode removed = api.put("/v2.0/trunks/" + id + "/remove_subports", "{'sub_ports': [{'port_id': '"
                + subports[0] + "'}]}");
        assertEquals(2, removed.get("sub_ports").size());
        error(api.send("PUT", "/v2.0/trunks/" + id + "/remove_subports", "{'sub_ports': [{'port_id': '"
                + subports[0] + "'}]}"), 404, "SubPortNotFound");
        api.update("trunks", "trunk", id, "{'admin_state_up': false}");
        error(api.send("DELETE", "/v2.0/trunks/" + id, null), 409, "TrunkDisabled");
        api.update("trunks", "trunk", id, "{'admin_state_up': true}");
        api.delete("/v2.0/trunks/" + id);
        api.delete("/v2.0/ports/" + parent);
    }

    @Test
    void neutronsChecks() throws Exception {
        String id = api.create("trunks", "trunk", "{'port_id': '" + parent + "', 'sub_ports': [{'port_id': '"
                + subports[0] + "', 'segmentation_type': 'vlan', 'segmentation_id': 10}]}").get("id").asText();
        String add = "/v2.0/trunks/" + id + "/add_subports";
        error(api.send("POST", "/v2.0/trunks", "{'trunk': {'port_id': '" + parent + "'}}"), 409, "ParentPortInUse");
        error(api.send("POST", "/v2.0/trunks", "{'trunk': {'port_id': '" + subports[0] + "'}}"), 409,
                "TrunkPortInUse");
        error(api.send("PUT", add, subport(subports[1], "10")), 409, "DuplicateSubPort");
        error(api.send("PUT", add, subport(parent, "11")), 409, "ParentPortInUse");
        error(api.send("PUT", add, subport(subports[0], "12")), 409, "TrunkPortInUse");
        error(api.send("PUT", add, subport(subports[1], "4095")), 400, "InvalidInput");
        error(api.send("PUT", add, "{'sub_ports': [{'port_id': '" + subports[1] + "', 'segmentation_type': 'gre', "
                + "'segmentation_id': 5}]}"), 400, "InvalidInput");
        error(api.send("PUT", add, "{'sub_ports': [{'port_id': '" + subports[1] + "'}]}"), 400, "InvalidInput");
        error(api.send("PUT", add, "{'sub_ports': [{'port_id': '00000000-0000-0000-0000-000000000000', "
                + "'segmentation_type': 'vlan', 'segmentation_id': 5}]}"), 404, "PortNotFound");
        // All or nothing: the second subport's problem keeps the first out too.
        error(api.send("PUT", add, "{'sub_ports': [{'port_id': '" + subports[1] + "', 'segmentation_type': 'vlan', "
                + "'segmentation_id': 20}, {'port_id': '00000000-0000-0000-0000-000000000000', "
                + "'segmentation_type': 'vlan', 'segmentation_id': 21}]}"), 404, "PortNotFound");
        assertEquals(1, api.get("/v2.0/trunks/" + id).get("trunk").get("sub_ports").size());
        String bound = api.create("ports", "port", "{'network_id': '" + api.get("/v2.0/ports/" + subports[2])
                .get("port").get("network_id").asText() + "', 'device_id': 'vm-1'}").get("id").asText();
        error(api.send("PUT", add, subport(bound, "30")), 409, "PortInUse");
        error(api.send("POST", "/v2.0/trunks", "{'trunk': {'port_id': '00000000-0000-0000-0000-000000000000'}}"),
                404, "PortNotFound");
    }

    /** Neutron validates sub_ports before it looks a port up: a malformed list is a 400, not a 404. */
    @Test
    void malformedSubPortsAreRefusedBeforeAnyPortIsLookedUp() throws Exception {
        String id = api.create("trunks", "trunk", "{'port_id': '" + parent + "'}").get("id").asText();
        String add = "/v2.0/trunks/" + id + "/add_subports";
        String nowhere = "00000000-0000-0000-0000-000000000000";
        for (String body : new String[] {
            "{'sub_ports': [{'port_id': '" + nowhere + "', 'segmentation_type': 'vlan'}]}",
            "{'sub_ports': [{'port_id': '" + nowhere + "', 'segmentation_id': 3}]}",
            "{'sub_ports': [{'segmentation_type': 'vlan', 'segmentation_id': 3}]}",
            "{'sub_ports': {'port_id': '" + nowhere + "', 'segmentation_type': 'vlan', 'segmentation_id': 2}}",
        }) {
            assertEquals(400, api.send("PUT", add, body).statusCode(), body);
            String create = "{'trunk': {'port_id': '" + subports[2] + "', " + body.substring(1, body.length() - 1)
                    + "}}";
            assertEquals(400, api.send("POST", "/v2.0/trunks", create).statusCode(), create);
        }
        // The same segmentation twice in one request: Neutron's validator refuses it as malformed.
        error(api.send("POST", "/v2.0/trunks", "{'trunk': {'port_id': '" + subports[2] + "', 'sub_ports': ["
                + "{'port_id': '" + subports[0] + "', 'segmentation_type': 'vlan', 'segmentation_id': 2}, "
                + "{'port_id': '" + subports[1] + "', 'segmentation_type': 'vlan', 'segmentation_id': 2}]}}"),
                400, "HTTPBadRequest");
        assertEquals(1, api.get("/v2.0/trunks").get("trunks").size(), "nothing refused was created");
    }

    /**
     * "inherit" takes the subport's network's segmentation, as Neutron's trunk plugin does: a VLAN
     * network's VLAN id; a VXLAN network's type is not one a trunk carries (400).
     */
    @Test
    void inheritTakesTheSubportsVlanNetworkSegmentation() throws Exception {
        String trunkNet = api.create("networks", "network", "{'name': 'v1', 'provider:network_type': 'vlan', "
                + "'provider:physical_network': 'physnet1'}").get("id").asText();
        JsonNode vlanNet = api.create("networks", "network", "{'name': 'v2', 'provider:network_type': 'vlan', "
                + "'provider:physical_network': 'physnet1', 'provider:segmentation_id': 142}");
        String p = api.create("ports", "port", "{'network_id': '" + trunkNet + "'}").get("id").asText();
        String sub = api.create("ports", "port", "{'network_id': '" + vlanNet.get("id").asText() + "'}")
                .get("id").asText();
        JsonNode trunk = api.create("trunks", "trunk", "{'port_id': '" + p + "', 'sub_ports': [{'port_id': '" + sub
                + "', 'segmentation_type': 'inherit', 'segmentation_id': 7}]}");
        JsonNode s = trunk.get("sub_ports").get(0);
        assertEquals("vlan", s.get("segmentation_type").asText());
        assertEquals(142, s.get("segmentation_id").asInt(), "the network's, not the one sent");

        String vxlanPort = subports[0];   // on a tenant (VXLAN) network
        String add = "/v2.0/trunks/" + trunk.get("id").asText() + "/add_subports";
        JsonNode e = error(api.send("PUT", add, "{'sub_ports': [{'port_id': '" + vxlanPort + "', "
                + "'segmentation_type': 'inherit', 'segmentation_id': -1}]}"), 400, "InvalidInput");
        assertEquals("Invalid input for operation: Unknown segmentation_type 'vxlan'.", e.get("message").asText());
        String nowhere = "00000000-0000-0000-0000-000000000000";
        assertEquals(400, api.send("PUT", add, "{'sub_ports': [{'port_id': '" + nowhere + "', "
                + "'segmentation_type': 'inherit'}]}").statusCode(), "no port to inherit from: nothing to use");
        assertEquals(1, api.get("/v2.0/trunks/" + trunk.get("id").asText()).get("trunk").get("sub_ports").size());
    }

    private static String subport(String port, String vlan) {
        return "{'sub_ports': [{'port_id': '" + port + "', 'segmentation_type': 'vlan', 'segmentation_id': "
                + vlan + "}]}";
    }

    private String network(String name, String cidr) throws Exception {
        String id = api.create("networks", "network", "{'name': '" + name + "'}").get("id").asText();
        api.create("subnets", "subnet", "{'network_id': '" + id + "', 'cidr': '" + cidr + "'}");
        return id;
    }
}
