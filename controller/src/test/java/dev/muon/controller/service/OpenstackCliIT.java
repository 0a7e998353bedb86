package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real python-openstackclient against Muon's Neutron API, as an operator runs it:
 * {@code openstack --os-auth-type none --os-endpoint http://127.0.0.1:PORT ...}.
 */
@Tag("integration")
class OpenstackCliIT {
    @TempDir
    Path dataDir;
    private OpenstackCli cli;

    @BeforeEach
    void start() {
        cli = new OpenstackCli(dataDir, ServiceConfig.defaults());
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    @Test
    void networkSubnetAndPortWorkflow() throws Exception {
        JsonNode net = cli.json("network", "create", "cli-net");
        assertEquals("cli-net", net.get("name").asText());
        assertEquals("vxlan", net.get("provider:network_type").asText());
        assertEquals(1450, net.get("mtu").asInt());
        String netId = net.get("id").asText();

        JsonNode shown = cli.json("network", "show", "cli-net");
        assertEquals(netId, shown.get("id").asText());
        assertTrue(listNames(cli.json("network", "list")).contains("cli-net"));

        JsonNode subnet = cli.json("subnet", "create", "--network", "cli-net", "--subnet-range", "10.20.0.0/24",
                "cli-sub");
        assertEquals("10.20.0.1", subnet.get("gateway_ip").asText());
        assertEquals("10.20.0.2", subnet.get("allocation_pools").get(0).get("start").asText());
        assertEquals(netId, subnet.get("network_id").asText());
        assertEquals("10.20.0.0/24", cli.json("subnet", "show", "cli-sub").get("cidr").asText());
        assertTrue(listNames(cli.json("subnet", "list")).contains("cli-sub"));

        JsonNode port = cli.json("port", "create", "--network", "cli-net",
                "--fixed-ip", "subnet=cli-sub,ip-address=10.20.0.50", "--tag", "web", "cli-port");
        assertEquals("10.20.0.50", port.get("fixed_ips").get(0).get("ip_address").asText());
        assertTrue(port.get("mac_address").asText().startsWith("fa:16:3e:"));
        assertEquals("DOWN", port.get("status").asText());
        assertEquals("[\"web\"]", port.get("tags").toString());
        assertEquals(1, port.get("security_group_ids").size(), "the project's default group");
        JsonNode auto = cli.json("port", "create", "--network", "cli-net", "cli-port2");
        assertEquals("10.20.0.2", auto.get("fixed_ips").get(0).get("ip_address").asText());

        JsonNode ports = cli.json("port", "list");
        assertEquals(2, ports.size());
        JsonNode byIp = cli.json("port", "list", "--fixed-ip", "ip-address=10.20.0.50");
        assertEquals(1, byIp.size());
        assertEquals("cli-port", byIp.get(0).get("Name").asText());
        assertEquals(port.get("id").asText(), cli.json("port", "show", "cli-port").get("id").asText());
        assertEquals(1, cli.json("port", "list", "--tags", "web").size());

        // Neutron's refusals reach the operator.
        OpenstackCli.Result duplicate = cli.openstack("port", "create", "--network", "cli-net",
                "--fixed-ip", "subnet=cli-sub,ip-address=10.20.0.50", "dup");
        assertNotEquals(0, duplicate.code());
        assertTrue(duplicate.err().contains("already allocated"), duplicate.err());
        OpenstackCli.Result inUse = cli.openstack("network", "delete", "cli-net");
        assertNotEquals(0, inUse.code());
        assertTrue(inUse.err().contains("ports still in use"), inUse.err());

        cli.ok("port", "delete", "cli-port", "cli-port2");
        assertEquals(0, cli.json("port", "list").size());
        cli.ok("subnet", "delete", "cli-sub");
        cli.ok("network", "delete", "cli-net");
        assertFalse(listNames(cli.json("network", "list")).contains("cli-net"));
    }

    @Test
    void projectOptionAndTagsAndExtensions() throws Exception {
        JsonNode net = cli.json("network", "create", "--project", "demo", "--tag", "blue", "--tag", "red", "demo-net");
        assertEquals("demo", net.get("project_id").asText());
        assertEquals("[\"blue\",\"red\"]", net.get("tags").toString());
        cli.ok("network", "set", "--tag", "green", "demo-net");
        cli.ok("network", "unset", "--tag", "blue", "demo-net");
        assertEquals("[\"green\",\"red\"]", cli.json("network", "show", "demo-net").get("tags").toString());
        assertEquals(1, cli.json("network", "list", "--project", "demo").size());
        List<String> aliases = new ArrayList<>();
        cli.json("extension", "list", "--network").forEach(e -> aliases.add(e.get("Alias").asText()));
        assertTrue(aliases.containsAll(List.of("router", "security-group", "trunk", "auto-allocated-topology",
                "subnet_allocation", "standard-attr-tag")), aliases.toString());
        assertFalse(aliases.contains("qos"), "only what is implemented is listed");
    }

    private static List<String> listNames(JsonNode rows) {
        List<String> names = new ArrayList<>();
        rows.forEach(r -> names.add(r.get("Name").asText()));
        return names;
    }
}
