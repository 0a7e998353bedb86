package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.controller.store.ModelStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Address groups (address-group) and security group rules naming one
 * (security-groups-remote-address-group), as neutron-tempest-plugin's test_address_groups and
 * Neutron's address_group_db expect them.
 */
class AddressGroupApiTest {
    private final NeutronApi api = new NeutronApi();

    @AfterEach
    void close() {
        api.close();
    }

    private static List<String> addresses(JsonNode group) {
        List<String> out = new ArrayList<>();
        group.get("addresses").forEach(a -> out.add(a.asText()));
        out.sort(null);
        return out;
    }

    @Test
    void lifecycleWithNormalizedAddresses() throws Exception {
        JsonNode g = api.create("address-groups", "address_group", "{'name': 'office', 'description': 'd', "
                + "'addresses': ['10.10.10.3/32', '192.168.0.10/24', '2001:db8::f00/64']}");
        String id = g.get("id").asText();
        assertEquals(List.of("10.10.10.3/32", "192.168.0.0/24", "2001:db8::/64"), addresses(g));
        assertEquals("office", g.get("name").asText());
        assertEquals("admin", g.get("project_id").asText());
        assertEquals(0, g.get("revision_number").asInt());

        JsonNode updated = api.update("address-groups", "address_group", id, "{'description': 'new'}");
        assertEquals("new", updated.get("description").asText());
        assertEquals("office", updated.get("name").asText());
        assertEquals(addresses(g), addresses(updated));
        assertEquals(1, updated.get("revision_number").asInt());
        error(api.send("PUT", "/v2.0/address-groups/" + id, "{'address_group': {'addresses': []}}"), 400,
                "HTTPBadRequest");
        assertEquals(1, api.get("/v2.0/address-groups?name=office").get("address_groups").size());
        assertEquals(0, api.get("/v2.0/address-groups?name=other").get("address_groups").size());

        api.delete("/v2.0/address-groups/" + id);
        error(api.send("GET", "/v2.0/address-groups/" + id, null), 404, "AddressGroupNotFound");
        assertEquals(0, api.get("/v2.0/address-groups").get("address_groups").size());
    }

    @Test
    void aCreateTakesOnlyCidrs() throws Exception {
        for (String bad : List.of("'10.20.30.40'", "'this is bad IP address'", "'10.0.0.0/33'",
                "'10.0.0.0/8', '10.0.0.0/8'")) {
            error(api.send("POST", "/v2.0/address-groups", "{'address_group': {'name': 'x', 'addresses': [" + bad
                    + "]}}"), 400, "HTTPBadRequest");
        }
        assertEquals(0, api.get("/v2.0/address-groups").get("address_groups").size());
        JsonNode none = api.create("address-groups", "address_group", "{'name': 'empty'}");
        assertEquals(List.of(), addresses(none));
    }

    @Test
    void addAndRemoveAddressesAllOrNothing() throws Exception {
        String id = api.create("address-groups", "address_group",
                "{'name': 'g', 'addresses': ['10.10.10.3/32', '192.168.0.0/24']}").get("id").asText();
        String path = "/v2.0/address-groups/" + id;
        JsonNode added = api.put(path + "/add_addresses", "{'addresses': ['10.20.30.40/32', '2001:db8::1']}")
                .get("address_group");
        assertEquals(List.of("10.10.10.3/32", "10.20.30.40/32", "192.168.0.0/24", "2001:db8::1/128"),
                addresses(added));
        assertEquals(1, added.get("revision_number").asInt());

        // one already there: nothing added
        error(api.send("PUT", path + "/add_addresses", "{'addresses': ['172.16.0.0/12', '192.168.0.7/24']}"), 400,
                "AddressesAlreadyExist");
        error(api.send("PUT", path + "/add_addresses", "{'addresses': ['this is bad IP address']}"), 400,
                "HTTPBadRequest");
        error(api.send("PUT", path + "/add_addresses", "{'other': []}"), 400, "HTTPBadRequest");
        // one not there: nothing removed
        error(api.send("PUT", path + "/remove_addresses", "{'addresses': ['10.10.10.3/32', '10.200.200.200']}"), 404,
                "AddressesNotFound");
        error(api.send("PUT", path + "/remove_addresses", "{'addresses': ['this is bad IP address']}"), 400,
                "HTTPBadRequest");
        assertEquals(addresses(added), addresses(api.get(path).get("address_group")));

        JsonNode removed = api.put(path + "/remove_addresses", "{'addresses': ['10.10.10.3']}").get("address_group");
        assertEquals(List.of("10.20.30.40/32", "192.168.0.0/24", "2001:db8::1/128"), addresses(removed));
        error(api.send("PUT", "/v2.0/address-groups/nope/add_addresses", "{'addresses': []}"), 404,
                "AddressGroupNotFound");
    }

    @Test
    void anotherProjectsGroupIsInvisible() throws Exception {
        NeutronApi demo = api.as("demo");
        NeutronApi other = api.as("other");
        String id = demo.create("address-groups", "address_group", "{'name': 'mine', 'addresses': ['10.0.0.0/8']}")
                .get("id").asText();
        assertEquals("demo", demo.get("/v2.0/address-groups/" + id).get("address_group").get("project_id").asText());
        error(other.send("GET", "/v2.0/address-groups/" + id, null), 404, "AddressGroupNotFound");
        assertEquals(0, other.get("/v2.0/address-groups").get("address_groups").size());
        error(other.send("PUT", "/v2.0/address-groups/" + id + "/add_addresses", "{'addresses': ['1.2.3.4/32']}"),
                404, "AddressGroupNotFound");
        error(other.send("DELETE", "/v2.0/address-groups/" + id, null), 404, "AddressGroupNotFound");
        // nor may its rules name it
        String otherGroup = other.create("security-groups", "security_group", "{'name': 'o'}").get("id").asText();
        error(other.send("POST", "/v2.0/security-group-rules", "{'security_group_rule': {'security_group_id': '"
                + otherGroup + "', 'direction': 'ingress', 'remote_address_group_id': '" + id + "'}}"), 404,
                "AddressGroupNotFound");
        assertEquals(1, api.get("/v2.0/address-groups").get("address_groups").size(), "an admin sees all");
    }

    @Test
    void rulesNameAnAddressGroupAsTheirOnlyRemote() throws Exception {
        String ag = api.create("address-groups", "address_group", "{'name': 'g', 'addresses': ['10.0.0.0/8']}")
                .get("id").asText();
        String sg = api.create("security-groups", "security_group", "{'name': 'web'}").get("id").asText();
        JsonNode rule = api.create("security-group-rules", "security_group_rule", "{'security_group_id': '" + sg
                + "', 'direction': 'ingress', 'protocol': 'tcp', 'port_range_min': 22, 'port_range_max': 22, "
                + "'remote_address_group_id': '" + ag + "'}");
        assertEquals(ag, rule.get("remote_address_group_id").asText());
        assertTrue(rule.get("remote_ip_prefix").isNull());
        assertTrue(rule.get("remote_group_id").isNull());
        assertEquals(ag, api.get("/v2.0/security-group-rules/" + rule.get("id").asText()).get("security_group_rule")
                .get("remote_address_group_id").asText());
        assertEquals(1, api.get("/v2.0/security-group-rules?remote_address_group_id=" + ag)
                .get("security_group_rules").size());
        error(api.send("POST", "/v2.0/security-group-rules", "{'security_group_rule': {'security_group_id': '" + sg
                + "', 'direction': 'ingress', 'protocol': 'tcp', 'port_range_min': 22, 'port_range_max': 22, "
                + "'remote_address_group_id': '" + ag + "'}}"), 409, "SecurityGroupRuleExists");
        for (String second : List.of("'remote_ip_prefix': '10.0.0.0/8'", "'remote_group_id': '" + sg + "'")) {
            JsonNode e = error(api.send("POST", "/v2.0/security-group-rules", "{'security_group_rule': "
                    + "{'security_group_id': '" + sg + "', 'direction': 'egress', 'remote_address_group_id': '" + ag
                    + "', " + second + "}}"), 400, "SecurityGroupMultipleRemoteEntites");
            assertEquals("Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be "
                    + "provided.", e.get("message").asText());
        }
        error(api.send("POST", "/v2.0/security-group-rules", "{'security_group_rule': {'security_group_id': '" + sg
                + "', 'direction': 'egress', 'remote_address_group_id': '00000000-0000-0000-0000-000000000000'}}"),
                404, "AddressGroupNotFound");

        // in use: not deleted, until the rule is gone
        error(api.send("DELETE", "/v2.0/address-groups/" + ag, null), 409, "AddressGroupInUse");
        api.delete("/v2.0/security-group-rules/" + rule.get("id").asText());
        api.delete("/v2.0/address-groups/" + ag);
    }

    @Test
    void groupsAndTheirRulesAreDurable(@TempDir Path dir) throws Exception {
        String ag;
        String rule;
        try (NeutronApi first = new NeutronApi(ModelStore.open(dir))) {
            ag = first.create("address-groups", "address_group", "{'name': 'g', 'addresses': ['10.1.0.0/16']}")
                    .get("id").asText();
            first.put("/v2.0/address-groups/" + ag + "/add_addresses", "{'addresses': ['10.2.0.0/16']}");
            String sg = first.create("security-groups", "security_group", "{'name': 'web'}").get("id").asText();
            rule = first.create("security-group-rules", "security_group_rule", "{'security_group_id': '" + sg
                    + "', 'direction': 'ingress', 'remote_address_group_id': '" + ag + "'}").get("id").asText();
        }
        try (NeutronApi reopened = new NeutronApi(ModelStore.open(dir))) {
            assertEquals(List.of("10.1.0.0/16", "10.2.0.0/16"),
                    addresses(reopened.get("/v2.0/address-groups/" + ag).get("address_group")));
            assertEquals(ag, reopened.get("/v2.0/security-group-rules/" + rule).get("security_group_rule")
                    .get("remote_address_group_id").asText());
            error(reopened.send("DELETE", "/v2.0/address-groups/" + ag, null), 409, "AddressGroupInUse");
        }
    }

    @Test
    void bothExtensionsAreAdvertised() throws Exception {
        assertEquals("address-group", api.get("/v2.0/extensions/address-group").get("extension").get("alias").asText());
        assertEquals("security-groups-remote-address-group",
                api.get("/v2.0/extensions/security-groups-remote-address-group").get("extension").get("alias").asText());
    }
}
