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

    @Test
    void portSecurityAndSecurityGroupRules() throws Exception {
        cli.ok("network", "create", "--disable-port-security", "open-net");
        cli.ok("subnet", "create", "--network", "open-net", "--subnet-range", "10.30.0.0/24", "open-sub");
        cli.ok("security", "group", "create", "web");
        JsonNode open = cli.json("port", "create", "--network", "open-net", "open-port");
        assertFalse(open.get("port_security_enabled").asBoolean(), "inherited from the network");
        assertEquals(0, open.get("security_group_ids").size(), "no default group without port security");
        OpenstackCli.Result refused = cli.openstack("port", "create", "--network", "open-net",
                "--security-group", "web", "refused-port");
        assertNotEquals(0, refused.code());
        assertTrue(refused.err().contains("Port security must be enabled and port must have an IP address in order "
                + "to use security groups."), refused.err());
        assertEquals(1, cli.json("port", "list").size(), "a refused port leaves nothing");

        JsonNode guarded = cli.json("port", "create", "--network", "open-net", "--enable-port-security",
                "--security-group", "web", "guarded-port");
        assertTrue(guarded.get("port_security_enabled").asBoolean());
        assertEquals(1, guarded.get("security_group_ids").size());
        OpenstackCli.Result hasGroup = cli.openstack("port", "set", "--disable-port-security", "guarded-port");
        assertNotEquals(0, hasGroup.code());
        assertTrue(hasGroup.err().contains("Port has security group associated. Cannot disable port security or IP "
                + "address until security group is removed."), hasGroup.err());
        cli.ok("port", "set", "--disable-port-security", "--no-security-group", "guarded-port");
        JsonNode off = cli.json("port", "show", "guarded-port");
        assertFalse(off.get("port_security_enabled").asBoolean());
        assertEquals(0, off.get("security_group_ids").size());

        // Stateless and stateful groups do not mix on a port; a group in use keeps its kind.
        cli.ok("security", "group", "create", "--stateless", "fast");
        cli.ok("port", "set", "--enable-port-security", "--security-group", "fast", "guarded-port");
        OpenstackCli.Result mixed = cli.openstack("port", "set", "--security-group", "web", "guarded-port");
        assertNotEquals(0, mixed.code());
        assertTrue(mixed.err().contains("Cannot apply both stateful and stateless security groups on the same port "
                + "at the same time"), mixed.err());
        OpenstackCli.Result inUse = cli.openstack("security", "group", "set", "--stateful", "fast");
        assertNotEquals(0, inUse.code());
        assertTrue(inUse.err().contains("in use"), inUse.err());

        // Rules as the CLI writes them store what the dataplane needs.
        JsonNode icmp = cli.json("security", "group", "rule", "create", "--protocol", "icmp", "web");
        assertEquals("icmp", icmp.get("protocol").asText());
        assertEquals("0.0.0.0/0", icmp.get("remote_ip_prefix").asText());
        assertTrue(icmp.get("port_range_min").isNull());
        JsonNode ssh = cli.json("security", "group", "rule", "create", "--protocol", "tcp", "--dst-port", "22", "web");
        assertEquals("22 22", ssh.get("port_range_min").asInt() + " " + ssh.get("port_range_max").asInt());
        JsonNode range = cli.json("security", "group", "rule", "create", "--protocol", "tcp", "--dst-port",
                "8000:8080", "web");
        assertEquals("8000 8080", range.get("port_range_min").asInt() + " " + range.get("port_range_max").asInt());
        String webId = cli.json("security", "group", "show", "web").get("id").asText();
        JsonNode fromGroup = cli.json("security", "group", "rule", "create", "--protocol", "tcp", "--dst-port", "5432",
                "--remote-group", "web", "web");
        assertEquals(webId, fromGroup.get("remote_group_id").asText());
        assertTrue(fromGroup.get("remote_ip_prefix").isNull());
        JsonNode fromHost = cli.json("security", "group", "rule", "create", "--remote-ip", "192.0.2.7", "web");
        assertEquals("192.0.2.7/32", fromHost.get("remote_ip_prefix").asText());
        JsonNode v6 = cli.json("security", "group", "rule", "create", "--ethertype", "IPv6", "--protocol", "icmp",
                "web");
        assertEquals("IPv6 ipv6-icmp ::/0", v6.get("ether_type").asText() + " " + v6.get("protocol").asText() + " "
                + v6.get("remote_ip_prefix").asText());
        JsonNode proto58 = cli.json("security", "group", "rule", "create", "--egress", "--protocol", "58", "web");
        assertEquals("IPv6 58 egress", proto58.get("ether_type").asText() + " " + proto58.get("protocol").asText()
                + " " + proto58.get("direction").asText());
        JsonNode echo = cli.json("security", "group", "rule", "create", "--protocol", "icmp", "--icmp-type", "8",
                "--icmp-code", "0", "web");
        assertEquals("8 0", echo.get("port_range_min").asInt() + " " + echo.get("port_range_max").asInt());
        OpenstackCli.Result duplicate = cli.openstack("security", "group", "rule", "create", "--protocol", "tcp",
                "--dst-port", "22", "web");
        assertNotEquals(0, duplicate.code());
        assertTrue(duplicate.err().contains("Security group rule already exists"), duplicate.err());
        // 2 egress rules from creation + 8 created
        assertEquals(10, cli.json("security", "group", "rule", "list", "web").size());
        cli.ok("security", "group", "rule", "delete", ssh.get("id").asText());
        assertEquals(9, cli.json("security", "group", "rule", "list", "web").size());
    }

    private static List<String> listNames(JsonNode rows) {
        List<String> names = new ArrayList<>();
        rows.forEach(r -> names.add(r.get("Name").asText()));
        return names;
    }

    @Test
    void extraDhcpOptionsAndDnsNamesThroughTheCli() throws Exception {
        cli.ok("network", "create", "--dns-domain", "example.org.", "dns-net");
        assertEquals("example.org.", cli.json("network", "show", "dns-net").get("dns_domain").asText());
        cli.ok("subnet", "create", "--network", "dns-net", "--subnet-range", "10.40.0.0/24", "dns-sub");
        JsonNode port = cli.json("port", "create", "--network", "dns-net", "--dns-name", "web1",
                "--extra-dhcp-option", "name=bootfile-name,value=pxelinux.0",
                "--extra-dhcp-option", "name=tftp-server,value=192.0.2.69,ip-version=4", "pxe-port");
        assertEquals("web1", port.get("dns_name").asText());
        assertEquals(2, port.get("extra_dhcp_opts").size(), port.toString());
        assertTrue(port.get("dns_assignment").toString().contains("web1.example.org."), port.toString());
        cli.ok("port", "set", "--dns-domain", "d.org.", "--extra-dhcp-option", "name=bootfile-name,value=ipxe.efi",
                "pxe-port");
        JsonNode shown = cli.json("port", "show", "pxe-port");
        assertEquals("d.org.", shown.get("dns_domain").asText());
        assertTrue(shown.get("extra_dhcp_opts").toString().contains("ipxe.efi"), shown.toString());
        assertEquals(2, shown.get("extra_dhcp_opts").size(), "merged by name: " + shown);
    }
}
