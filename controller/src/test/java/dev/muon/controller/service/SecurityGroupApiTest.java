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
        // Neutron does not validate remote_group_id's form: any name it cannot find is a 404 (tempest sends this).
        error(api.send("POST", "/v2.0/security-group-rules", rule("'security_group_id': '" + id
                + "', 'direction': 'ingress', 'remote_group_id': 'bad_group_id'")), 404, "SecurityGroupNotFound");
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

    @Test
    void portSecurityDecidesWhetherPortsHaveGroups() throws Exception {
        // A network's port_security_enabled is its new ports' default (ML2's port-security driver).
        String open = api.create("networks", "network", "{'name': 'open', 'port_security_enabled': false}")
                .get("id").asText();
        api.create("subnets", "subnet", "{'network_id': '" + open + "', 'cidr': '10.9.0.0/24', 'ip_version': 4}");
        String web = api.create("security-groups", "security_group", "{'name': 'web'}").get("id").asText();
        JsonNode bare = api.create("ports", "port", "{'network_id': '" + open + "'}");
        assertFalse(bare.get("port_security_enabled").asBoolean());
        assertEquals(0, bare.get("security_groups").size(), "no default group without port security");
        String bareId = bare.get("id").asText();

        long version = api.store.version();
        JsonNode refused = error(api.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + open
                + "', 'security_groups': ['" + web + "']}}"), 400, "PortSecurityAndIPRequiredForSecurityGroups");
        assertEquals("Port security must be enabled and port must have an IP address in order to use security "
                + "groups.", refused.get("message").asText());
        // Port security is judged before the groups are looked up, as ML2 does.
        error(api.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + open
                + "', 'security_groups': ['00000000-0000-0000-0000-000000000000']}}"), 400,
                "PortSecurityAndIPRequiredForSecurityGroups");
        JsonNode pairs = error(api.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + open
                + "', 'allowed_address_pairs': [{'ip_address': '10.9.0.200'}]}}"), 409,
                "AddressPairAndPortSecurityRequired");
        assertEquals("Port Security must be enabled in order to have allowed address pairs on a port.",
                pairs.get("message").asText());
        error(api.send("PUT", "/v2.0/ports/" + bareId, "{'port': {'security_groups': ['" + web + "']}}"), 400,
                "PortSecurityAndIPRequiredForSecurityGroups");
        assertEquals(version, api.store.version(), "refusals change nothing");

        // Port security named on the port wins; with it, the groups named (or the default group).
        JsonNode guarded = api.create("ports", "port", "{'network_id': '" + open + "', 'port_security_enabled': true, "
                + "'security_groups': ['" + web + "']}");
        assertEquals("[\"" + web + "\"]", guarded.get("security_groups").toString());
        String guardedId = guarded.get("id").asText();
        JsonNode defaulted = api.create("ports", "port", "{'network_id': '" + open + "', 'port_security_enabled': true}");
        String defaultGroup = api.get("/v2.0/security-groups?name=default").get("security_groups").get(0)
                .get("id").asText();
        assertEquals("[\"" + defaultGroup + "\"]", defaulted.get("security_groups").toString());

        // Turning port security off needs the groups gone, in the same request or before.
        version = api.store.version();
        JsonNode hasGroup = error(api.send("PUT", "/v2.0/ports/" + guardedId,
                "{'port': {'port_security_enabled': false}}"), 409, "PortSecurityPortHasSecurityGroup");
        assertEquals("Port has security group associated. Cannot disable port security or IP address until "
                + "security group is removed.", hasGroup.get("message").asText());
        error(api.send("PUT", "/v2.0/ports/" + guardedId, "{'port': {'port_security_enabled': false, "
                + "'security_groups': ['" + web + "']}}"), 400, "PortSecurityAndIPRequiredForSecurityGroups");
        assertEquals(version, api.store.version(), "refusals change nothing");
        assertEquals("[\"" + web + "\"]", api.get("/v2.0/ports/" + guardedId).get("port").get("security_groups")
                .toString());
        JsonNode off = api.update("ports", "port", guardedId, "{'port_security_enabled': false, 'security_groups': []}");
        assertFalse(off.get("port_security_enabled").asBoolean());
        assertEquals(0, off.get("security_groups").size());
        // Back on: no group comes back by itself (Neutron adds the default group only at creation).
        JsonNode on = api.update("ports", "port", guardedId, "{'port_security_enabled': true}");
        assertEquals(0, on.get("security_groups").size());
        JsonNode both = api.update("ports", "port", bareId, "{'port_security_enabled': true, 'security_groups': ['"
                + web + "'], 'allowed_address_pairs': [{'ip_address': '10.9.0.0/28'}]}");
        assertEquals("[\"" + web + "\"]", both.get("security_groups").toString());
        error(api.send("PUT", "/v2.0/ports/" + bareId, "{'port': {'port_security_enabled': false, "
                + "'security_groups': []}}"), 409, "AddressPairAndPortSecurityRequired");
        api.update("ports", "port", bareId, "{'port_security_enabled': false, 'security_groups': [], "
                + "'allowed_address_pairs': []}");
    }

    @Test
    void portsTheNetworkOwnsAreNotFiltered() throws Exception {
        String net = api.create("networks", "network", "{'name': 'n'}").get("id").asText();
        String subnet = api.create("subnets", "subnet", "{'network_id': '" + net + "', 'cidr': '10.8.0.0/24', "
                + "'ip_version': 4}").get("id").asText();
        String router = api.create("routers", "router", "{'name': 'r'}").get("id").asText();
        String portId = api.put("/v2.0/routers/" + router + "/add_router_interface", "{'subnet_id': '" + subnet + "'}")
                .get("port_id").asText();
        JsonNode port = api.get("/v2.0/ports/" + portId).get("port");
        assertFalse(port.get("port_security_enabled").asBoolean(), "ML2 never filters network:* ports");
        assertEquals(0, port.get("security_groups").size());
        JsonNode dhcp = api.create("ports", "port", "{'network_id': '" + net + "', 'device_owner': 'network:dhcp', "
                + "'port_security_enabled': true}");
        assertFalse(dhcp.get("port_security_enabled").asBoolean());
        assertEquals(0, dhcp.get("security_groups").size());
    }

    @Test
    void aPortIsEitherStatefulOrStateless() throws Exception {
        String net = api.create("networks", "network", "{'name': 'n'}").get("id").asText();
        String defaultGroup = api.get("/v2.0/security-groups?name=default").get("security_groups").get(0)
                .get("id").asText();
        JsonNode stateless = api.create("security-groups", "security_group", "{'name': 'fast', 'stateful': false}");
        assertFalse(stateless.get("stateful").asBoolean());
        String fast = stateless.get("id").asText();
        String unused = api.create("security-groups", "security_group", "{'name': 'unused'}").get("id").asText();

        long version = api.store.version();
        JsonNode mixed = error(api.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + net
                + "', 'security_groups': ['" + defaultGroup + "', '" + fast + "']}}"), 409, "SecurityGroupConflict");
        assertEquals("Error Cannot apply both stateful and stateless security groups on the same port at the same "
                + "time while attempting the operation.", mixed.get("message").asText());
        String port = api.create("ports", "port", "{'network_id': '" + net + "'}").get("id").asText();
        version = api.store.version();
        error(api.send("PUT", "/v2.0/ports/" + port, "{'port': {'security_groups': ['" + defaultGroup + "', '"
                + fast + "']}}"), 409, "SecurityGroupConflict");
        assertEquals(version, api.store.version());
        assertEquals(List.of(fast), ids(api.update("ports", "port", port, "{'security_groups': ['" + fast + "']}")
                .get("security_groups")));

        // A group in use keeps its kind; one no port uses may change it.
        JsonNode inUse = error(api.send("PUT", "/v2.0/security-groups/" + fast,
                "{'security_group': {'stateful': true}}"), 409, "SecurityGroupInUse");
        assertEquals("Security Group " + fast + " in use.", inUse.get("message").asText());
        assertEquals(version + 1, api.store.version());
        assertFalse(api.update("security-groups", "security_group", fast, "{'stateful': false, 'description': 'd'}")
                .get("stateful").asBoolean(), "the same kind again is no change of kind");
        assertFalse(api.update("security-groups", "security_group", unused, "{'stateful': false}")
                .get("stateful").asBoolean());
        api.update("ports", "port", port, "{'security_groups': []}");
        assertTrue(api.update("security-groups", "security_group", fast, "{'stateful': true}")
                .get("stateful").asBoolean());
        // The default group: any name refused, even its own; other attributes may change.
        error(api.send("PUT", "/v2.0/security-groups/" + defaultGroup, "{'security_group': {'name': 'default'}}"),
                409, "SecurityGroupDefaultAlreadyExists");
        error(api.send("PUT", "/v2.0/security-groups/" + defaultGroup, "{'security_group': {'name': 'mine'}}"),
                409, "SecurityGroupCannotUpdateDefault");
        api.update("security-groups", "security_group", defaultGroup, "{'description': 'ours'}");
    }

    @Test
    void rulesStoreWhatTheCliSends() throws Exception {
        String id = api.create("security-groups", "security_group", "{'name': 'g'}").get("id").asText();
        // openstack security group rule create --protocol icmp g (the CLI adds the "any" prefix)
        JsonNode icmp = rule(id, "'direction': 'ingress', 'ethertype': 'IPv4', 'protocol': 'icmp', "
                + "'remote_ip_prefix': '0.0.0.0/0'");
        assertEquals("icmp", icmp.get("protocol").asText());
        assertTrue(icmp.get("port_range_min").isNull() && icmp.get("port_range_max").isNull());
        assertEquals("0.0.0.0/0", icmp.get("remote_ip_prefix").asText());
        // --dst-port 22, --dst-port 8000:8080
        JsonNode ssh = rule(id, "'direction': 'ingress', 'ethertype': 'IPv4', 'protocol': 'tcp', "
                + "'port_range_min': 22, 'port_range_max': 22, 'remote_ip_prefix': '0.0.0.0/0'");
        assertEquals(List.of(22, 22), List.of(ssh.get("port_range_min").asInt(), ssh.get("port_range_max").asInt()));
        JsonNode range = rule(id, "'direction': 'ingress', 'ethertype': 'IPv4', 'protocol': 'tcp', "
                + "'port_range_min': 8000, 'port_range_max': 8080, 'remote_ip_prefix': '0.0.0.0/0'");
        assertEquals(8000, range.get("port_range_min").asInt());
        assertEquals(8080, range.get("port_range_max").asInt());
        // --remote-group, --remote-ip (an address is a host prefix; host bits are masked)
        JsonNode fromGroup = rule(id, "'direction': 'ingress', 'ethertype': 'IPv4', 'protocol': 'tcp', "
                + "'port_range_min': 5432, 'port_range_max': 5432, 'remote_group_id': '" + id + "'");
        assertEquals(id, fromGroup.get("remote_group_id").asText());
        assertTrue(fromGroup.get("remote_ip_prefix").isNull());
        assertEquals("192.0.2.7/32", rule(id, "'direction': 'ingress', 'ethertype': 'IPv4', "
                + "'remote_ip_prefix': '192.0.2.7'").get("remote_ip_prefix").asText());
        JsonNode masked = rule(id, "'direction': 'egress', 'ethertype': 'IPv4', 'remote_ip_prefix': '10.1.2.3/16'");
        assertEquals("10.1.0.0/16", masked.get("normalized_cidr").asText());
        // --ethertype IPv6 --protocol icmp; --protocol 58 (the CLI picks IPv6); --icmp-type 8 --icmp-code 0
        JsonNode v6 = rule(id, "'direction': 'ingress', 'ethertype': 'IPv6', 'protocol': 'icmp', "
                + "'remote_ip_prefix': '::/0'");
        assertEquals("ipv6-icmp", v6.get("protocol").asText());
        JsonNode v6n = rule(id, "'direction': 'egress', 'ethertype': 'IPv6', 'protocol': '58', "
                + "'remote_ip_prefix': '2001:DB8:0:0::/64'");
        assertEquals("58", v6n.get("protocol").asText());
        assertEquals("2001:db8::/64", v6n.get("remote_ip_prefix").asText());
        JsonNode echo = rule(id, "'direction': 'ingress', 'ethertype': 'IPv4', 'protocol': 'icmp', "
                + "'port_range_min': 8, 'port_range_max': 0, 'remote_ip_prefix': '0.0.0.0/0'");
        assertEquals(8, echo.get("port_range_min").asInt());
        assertEquals(0, echo.get("port_range_max").asInt());
        JsonNode anyCode = rule(id, "'direction': 'ingress', 'ethertype': 'IPv6', 'protocol': 'ipv6-icmp', "
                + "'port_range_min': 128, 'remote_ip_prefix': '::/0'");
        assertEquals(128, anyCode.get("port_range_min").asInt());
        assertTrue(anyCode.get("port_range_max").isNull(), "a type without a code is every code");
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * Neutron's policy (create_port/update_port:port_security_enabled): only an admin or the
     * network's owner sets a port's port security, so a project on a shared network cannot turn
     * its filter off.
     */
    @Test
    void onlyTheNetworksOwnerSetsPortSecurity() throws Exception {
        String shared = api.create("networks", "network", "{'name': 'public', 'shared': true}").get("id").asText();
        api.create("subnets", "subnet", "{'network_id': '" + shared + "', 'cidr': '10.9.0.0/24'}");
        NeutronApi tenant = api.as("tenant");
        JsonNode off = error(tenant.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + shared + "', "
                + "'port_security_enabled': false}}"), 403, "PolicyNotAuthorized");
        assertTrue(off.get("message").asText().contains("port_security_enabled"), off.toString());
        JsonNode port = tenant.create("ports", "port", "{'network_id': '" + shared + "'}");
        String id = port.get("id").asText();
        error(tenant.send("PUT", "/v2.0/ports/" + id, "{'port': {'port_security_enabled': false, "
                + "'security_groups': []}}"), 403, "PolicyNotAuthorized");
        assertTrue(api.get("/v2.0/ports/" + id).get("port").get("port_security_enabled").asBoolean());
        JsonNode byAdmin = api.update("ports", "port", id, "{'port_security_enabled': false, 'security_groups': []}");
        assertFalse(byAdmin.get("port_security_enabled").asBoolean());
        // On its own network a project sets it freely.
        String own = tenant.create("networks", "network", "{'name': 'own'}").get("id").asText();
        assertFalse(tenant.create("ports", "port", "{'network_id': '" + own + "', 'port_security_enabled': false}")
                .get("port_security_enabled").asBoolean());
    }

    /** A port's security_groups is Neutron's uuid_list: UUIDs, none twice. */
    @Test
    void aPortNamesEachGroupOnceByUuid() throws Exception {
        String net = api.create("networks", "network", "{'name': 'n'}").get("id").asText();
        String g = api.create("security-groups", "security_group", "{'name': 'web'}").get("id").asText();
        JsonNode twice = error(api.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + net + "', "
                + "'security_groups': ['" + g + "', '" + g + "']}}"), 400, "HTTPBadRequest");
        assertEquals("Invalid input for security_groups. Reason: Duplicate items in the list: '" + g + "'.",
                twice.get("message").asText());
        error(api.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + net + "', "
                + "'security_groups': ['web']}}"), 400, "HTTPBadRequest");
        String port = api.create("ports", "port", "{'network_id': '" + net + "', 'security_groups': ['" + g + "']}")
                .get("id").asText();
        error(api.send("PUT", "/v2.0/ports/" + port, "{'port': {'security_groups': ['" + g + "', '" + g + "']}}"),
                400, "HTTPBadRequest");
        assertEquals(List.of(g), List.of(api.get("/v2.0/ports/" + port).get("port").get("security_groups").get(0)
                .asText()));
    }

    private JsonNode rule(String group, String attributes) throws Exception {
        return api.create("security-group-rules", "security_group_rule", "{'security_group_id': '" + group + "', "
                + attributes + "}");
    }

    private static String rule(String attributes) {
        return "{'security_group_rule': {" + attributes + "}}";
    }
}
