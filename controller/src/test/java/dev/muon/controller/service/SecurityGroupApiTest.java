package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Security groups and rules: the per-project default group, rule validation, duplicates, usage. */
class SecurityGroupApiTest {
    private final NeutronApi api = new NeutronApi();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void defaultGroupOnFirstUseWithNeutronsRules() throws Exception {
        NeutronApi demo = api.as("demo");
        JsonNode groups = demo.get("/v2.0/security-groups").get("security_groups");
        assertEquals(1, groups.size(), "listing is a first use");
        JsonNode g = groups.get(0);
        assertEquals("default", g.get("name").asText());
        assertEquals("demo", g.get("project_id").asText());
        assertTrue(g.get("stateful").asBoolean());
        List<String> rules = new ArrayList<>();
        for (JsonNode r : g.get("security_group_rules")) {
            rules.add(r.get("direction").asText() + " " + r.get("ethertype").asText() + " "
                    + (r.get("remote_group_id").isNull() ? "any" : r.get("remote_group_id").asText().equals(
                    g.get("id").asText()) ? "self" : "other"));
        }
        rules.sort(null);
        assertEquals(List.of("egress IPv4 any", "egress IPv6 any", "ingress IPv4 self", "ingress IPv6 self"), rules);
        assertEquals(1, demo.get("/v2.0/security-groups").get("security_groups").size(), "created once");

        // A project's first network creates its group too; its ports get the group by default.
        NeutronApi other = api.as("other");
        String net = other.create("networks", "network", "{'name': 'n'}").get("id").asText();
        String defaultGroup = api.get("/v2.0/security-groups?project_id=other&name=default")
                .get("security_groups").get(0).get("id").asText();
        JsonNode port = other.create("ports", "port", "{'network_id': '" + net + "'}");
        assertEquals("[\"" + defaultGroup + "\"]", port.get("security_groups").toString());
        JsonNode bare = other.create("ports", "port", "{'network_id': '" + net + "', 'port_security_enabled': false}");
        assertEquals(0, bare.get("security_groups").size());
        error(other.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + net + "', 'port_security_enabled': "
                + "false, 'security_groups': ['" + defaultGroup + "']}}"), 400,
                "PortSecurityAndIPRequiredForSecurityGroups");
        error(other.send("PUT", "/v2.0/ports/" + port.get("id").asText(), "{'port': {'port_security_enabled': "
                + "false}}"), 409, "PortSecurityPortHasSecurityGroup");
        error(other.send("DELETE", "/v2.0/security-groups/" + defaultGroup, null), 409, "SecurityGroupInUse");
        error(other.send("PUT", "/v2.0/security-groups/" + defaultGroup, "{'security_group': {'name': 'x'}}"), 409,
                "SecurityGroupCannotUpdateDefault");
        other.update("ports", "port", port.get("id").asText(), "{'security_groups': []}");
        error(other.send("DELETE", "/v2.0/security-groups/" + defaultGroup, null), 409,
                "SecurityGroupCannotRemoveDefault");
        error(demo.send("GET", "/v2.0/security-groups/" + defaultGroup, null), 404, "SecurityGroupNotFound");
    }

    @Test
    void rulesAreValidatedAndDeduplicated() throws Exception {
        JsonNode g = api.create("security-groups", "security_group", "{'name': 'web', 'description': 'w'}");
        String id = g.get("id").asText();
        assertEquals(2, g.get("security_group_rules").size(), "a new group may send anywhere");
        error(api.send("POST", "/v2.0/security-groups", "{'security_group': {'name': 'default'}}"), 409,
                "SecurityGroupDefaultAlreadyExists");

        JsonNode ssh = rule(id, "'direction': 'ingress', 'protocol': 'tcp', 'port_range_min': 22, "
                + "'port_range_max': 22, 'remote_ip_prefix': '0.0.0.0/0'");
        assertEquals("tcp", ssh.get("protocol").asText());
        assertEquals(22, ssh.get("port_range_min").asInt());
        assertEquals("IPv4", ssh.get("ethertype").asText());
        assertEquals(0, ssh.get("revision_number").asInt());
        // Protocol 6 is tcp: the same rule.
        JsonNode dup = error(api.send("POST", "/v2.0/security-group-rules", rule("'security_group_id': '" + id
                + "', 'direction': 'ingress', 'protocol': 6, 'port_range_min': 22, 'port_range_max': 22, "
                + "'remote_ip_prefix': '0.0.0.0/0'")), 409, "SecurityGroupRuleExists");
        assertEquals("Security group rule already exists. Rule id is " + ssh.get("id").asText() + ".",
                dup.get("message").asText());
        JsonNode icmp = rule(id, "'direction': 'ingress', 'protocol': 'ICMP', 'port_range_min': 8, "
                + "'port_range_max': 0");
        assertEquals("icmp", icmp.get("protocol").asText());
        JsonNode v6 = rule(id, "'direction': 'ingress', 'ethertype': 'ipv6', 'protocol': 'icmp', "
                + "'remote_ip_prefix': '2001:db8::1'");
        assertEquals("ipv6-icmp", v6.get("protocol").asText());
        assertEquals("IPv6", v6.get("ethertype").asText());
        assertEquals("2001:db8::1/128", v6.get("remote_ip_prefix").asText());
        JsonNode all = rule(id, "'direction': 'ingress', 'protocol': 'udp', 'port_range_min': 1, "
                + "'port_range_max': 65535");
        assertTrue(all.get("port_range_min").isNull(), "the whole port range is no range");
        JsonNode fromGroup = rule(id, "'direction': 'ingress', 'protocol': '132', 'remote_group_id': '" + id + "'");
        assertEquals("132", fromGroup.get("protocol").asText());

        String[][] bad = {
            {"'direction': 'sideways'", "HTTPBadRequest"},
            {"'protocol': 'tcp'", "HTTPBadRequest"},
            {"'direction': 'ingress', 'protocol': 'bogus'", "SecurityGroupRuleInvalidProtocol"},
            {"'direction': 'ingress', 'protocol': 256", "SecurityGroupRuleInvalidProtocol"},
            {"'direction': 'ingress', 'ethertype': 'IPv5'", "SecurityGroupRuleInvalidEtherType"},
            {"'direction': 'ingress', 'port_range_min': 22", "SecurityGroupProtocolRequiredWithPorts"},
            {"'direction': 'ingress', 'protocol': 'tcp', 'port_range_min': 30, 'port_range_max': 20",
                "SecurityGroupInvalidPortRange"},
            {"'direction': 'ingress', 'protocol': 'tcp', 'port_range_min': 70000, 'port_range_max': 70000",
                "SecurityGroupInvalidPortValue"},
            {"'direction': 'ingress', 'protocol': 'icmp', 'port_range_min': 300", "SecurityGroupInvalidIcmpValue"},
            {"'direction': 'ingress', 'protocol': 'icmp', 'port_range_max': 0", "SecurityGroupMissingIcmpType"},
            {"'direction': 'ingress', 'protocol': 'gre', 'port_range_min': 1, 'port_range_max': 2",
                "SecurityGroupInvalidProtocolForPort"},
            {"'direction': 'ingress', 'remote_ip_prefix': '2001:db8::/64'", "SecurityGroupRuleParameterConflict"},
            {"'direction': 'ingress', 'remote_ip_prefix': 'nonsense'", "InvalidCIDR"},
            {"'direction': 'ingress', 'protocol': 'ipv6-icmp'", "SecurityGroupEthertypeConflictWithProtocol"},
            {"'direction': 'ingress', 'remote_ip_prefix': '10.0.0.0/8', 'remote_group_id': '" + id + "'",
                "SecurityGroupMultipleRemoteEntites"},
        };
        for (String[] b : bad) {
            error(api.send("POST", "/v2.0/security-group-rules", rule("'security_group_id': '" + id + "', " + b[0])),
                    400, b[1]);
        }
        error(api.send("POST", "/v2.0/security-group-rules", rule("'security_group_id': "
                + "'00000000-0000-0000-0000-000000000000', 'direction': 'ingress'")), 404, "SecurityGroupNotFound");
        error(api.send("POST", "/v2.0/security-group-rules", rule("'security_group_id': '" + id
                + "', 'direction': 'ingress', 'remote_group_id': '00000000-0000-0000-0000-000000000000'")), 404,
                "SecurityGroupNotFound");
        JsonNode shown = api.get("/v2.0/security-groups/" + id).get("security_group");
        assertEquals(7, shown.get("security_group_rules").size(), "2 egress + 5 created; refusals add none");

        api.delete("/v2.0/security-group-rules/" + ssh.get("id").asText());
        error(api.send("GET", "/v2.0/security-group-rules/" + ssh.get("id").asText(), null), 404,
                "SecurityGroupRuleNotFound");
        // Deleting a group takes its rules, and other groups' rules naming it as their remote.
        String other = api.create("security-groups", "security_group", "{'name': 'db'}").get("id").asText();
        rule(other, "'direction': 'ingress', 'remote_group_id': '" + id + "'");
        api.delete("/v2.0/security-groups/" + id);
        assertEquals(2, api.get("/v2.0/security-groups/" + other).get("security_group")
                .get("security_group_rules").size());
        assertEquals(0, api.get("/v2.0/security-group-rules?security_group_id=" + id)
                .get("security_group_rules").size());
    }

    private JsonNode rule(String group, String attributes) throws Exception {
        return api.create("security-group-rules", "security_group_rule", "{'security_group_id': '" + group + "', "
                + attributes + "}");
    }

    private static String rule(String attributes) {
        return "{'security_group_rule': {" + attributes + "}}";
    }
}
