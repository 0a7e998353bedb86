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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 002's sequence (Quantum/Neutron v2.0): two networks with subnets, a port with a fixed IP,
 * an external network, a router with a gateway and two interfaces, a floating IP created and
 * associated with a VM's port. Once with python-openstackclient, ending with a controller
 * restart that must lose nothing; once with the seed's own command lines (quantum is now neutron).
 */
@Tag("integration")
class Seed002CliIT {
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
    void withTheOpenstackClient() throws Exception {
        cli.json("network", "create", "net1");
        JsonNode subnet1 = cli.json("subnet", "create", "--network", "net1", "--subnet-range", "10.0.0.0/24",
                "subnet1");
        assertEquals("10.0.0.1", subnet1.get("gateway_ip").asText());
        assertEquals("10.0.0.2", subnet1.get("allocation_pools").get(0).get("start").asText());
        assertEquals("10.0.0.254", subnet1.get("allocation_pools").get(0).get("end").asText());
        assertTrue(subnet1.get("enable_dhcp").asBoolean());
        assertEquals(4, subnet1.get("ip_version").asInt());
        JsonNode port1 = cli.json("port", "create", "--network", "net1",
                "--fixed-ip", "subnet=subnet1,ip-address=10.0.0.11", "port1");
        assertEquals(subnet1.get("id").asText(), port1.get("fixed_ips").get(0).get("subnet_id").asText());
        assertEquals("10.0.0.11", port1.get("fixed_ips").get(0).get("ip_address").asText());
        assertTrue(port1.get("mac_address").asText().startsWith("fa:16:3e:"));
        assertEquals("", port1.get("device_owner").asText());

        cli.json("network", "create", "net2");
        cli.json("subnet", "create", "--network", "net2", "--subnet-range", "10.0.1.0/24", "subnet2");
        JsonNode ext = cli.json("network", "create", "--external", "net-ext");
        assertTrue(ext.get("router:external").asBoolean());
        JsonNode subnetExt = cli.json("subnet", "create", "--network", "net-ext", "--subnet-range", "192.168.0.0/24",
                "--gateway", "192.168.0.1", "--no-dhcp", "subnet-ext");
        assertEquals(false, subnetExt.get("enable_dhcp").asBoolean());

        JsonNode routerA = cli.json("router", "create", "routerA");
        assertEquals("DOWN", routerA.get("status").asText(), "ACTIVE only once the nodes routing for it hold its flows (the next pass)");
        assertTrue(routerA.get("external_gateway_info").isNull());
        cli.ok("router", "set", "--external-gateway", "net-ext", "routerA");
        cli.ok("router", "add", "subnet", "routerA", "subnet1");
        cli.ok("router", "add", "subnet", "routerA", "subnet2");
        JsonNode router = cli.json("router", "show", "routerA");
        assertEquals(ext.get("id").asText(), router.get("external_gateway_info").get("network_id").asText());
        assertEquals("192.168.0.2", router.get("external_gateway_info").get("external_fixed_ips").get(0)
                .get("ip_address").asText());
        List<String> interfaces = new ArrayList<>();
        router.get("interfaces_info").forEach(i -> interfaces.add(i.get("ip_address").asText()));
        assertEquals(List.of("10.0.0.1", "10.0.1.1"), interfaces);

        // The VM's port, as Nova creates it.
        String vm = cli.json("port", "create", "--network", "net1", "--device-owner", "compute:nova", "vm1")
                .get("id").asText();
        JsonNode fip = cli.json("floating", "ip", "create", "net-ext");
        assertEquals("192.168.0.3", fip.get("floating_ip_address").asText());
        assertEquals(ext.get("id").asText(), fip.get("floating_network_id").asText());
        assertTrue(fip.get("fixed_ip_address").isNull() && fip.get("port_id").isNull()
                && fip.get("router_id").isNull());
        String fipId = fip.get("id").asText();
        assertEquals(3, cli.json("port", "list", "--network", "net1").size(), "port1, vm1, the router's interface");
        assertEquals(2, cli.json("port", "list", "--network", "net-ext").size(), "the gateway and the floating IP");

        cli.ok("floating", "ip", "set", "--port", "vm1", fipId);
        JsonNode associated = cli.json("floating", "ip", "show", fipId);
        assertEquals("10.0.0.2", associated.get("fixed_ip_address").asText());
        assertEquals(vm, associated.get("port_id").asText());
        assertEquals(routerA.get("id").asText(), associated.get("router_id").asText());
        assertEquals("DOWN", associated.get("status").asText(), "no flow carries a floating IP yet");

        // Everything acknowledged survives a restart of the controller.
        cli.restart();
        JsonNode after = cli.json("floating", "ip", "show", fipId);
        assertEquals(vm, after.get("port_id").asText());
        assertEquals(routerA.get("id").asText(), after.get("router_id").asText());
        assertEquals(2, cli.json("router", "show", "routerA").get("interfaces_info").size());

        cli.ok("floating", "ip", "unset", "--port", fipId);
        assertTrue(cli.json("floating", "ip", "show", fipId).get("port_id").isNull());
    }

    @Test
    void theSeedsCommandLines() throws Exception {
        cli.neutron("net-create net1");
        String subnet1 = cli.neutron("subnet-create --name subnet1 net1 10.0.0.0/24");
        assertEquals("{\"start\": \"10.0.0.2\", \"end\": \"10.0.0.254\"}",
                OpenstackCli.field(subnet1, "allocation_pools"));
        assertEquals("10.0.0.1", OpenstackCli.field(subnet1, "gateway_ip"));
        String port1 = cli.neutron("port-create --name port1 --fixed-ip subnet_id=subnet1,ip_address=10.0.0.11 net1");
        assertTrue(OpenstackCli.field(port1, "fixed_ips").contains("\"ip_address\": \"10.0.0.11\""), port1);
        cli.neutron("net-create net2");
        cli.neutron("subnet-create --name subnet2 net2 10.0.1.0/24");
        assertEquals("True", OpenstackCli.field(cli.neutron("net-create net-ext -- --router:external=True"),
                "router:external"));
        assertEquals("False", OpenstackCli.field(cli.neutron("subnet-create --name subnet-ext --gateway 192.168.0.1 "
                + "net-ext 192.168.0.0/24 -- --enable_dhcp=False"), "enable_dhcp"));
        cli.neutron("router-create routerA");
        cli.neutron("router-gateway-set routerA net-ext");
        cli.neutron("router-interface-add routerA subnet1");
        cli.neutron("router-interface-add routerA subnet2");

        String vm = OpenstackCli.field(cli.neutron("port-create --name vm1 net1"), "id");
        String fip = cli.neutron("floatingip-create net-ext");
        assertEquals("192.168.0.3", OpenstackCli.field(fip, "floating_ip_address"));
        assertEquals("", OpenstackCli.field(fip, "fixed_ip_address"));
        assertEquals("", OpenstackCli.field(fip, "router_id"));
        String fipId = OpenstackCli.field(fip, "id");
        assertTrue(cli.neutron("port-list").contains(vm));
        assertTrue(cli.neutron("floatingip-associate " + fipId + " " + vm).startsWith("Associated floating IP"));
        String shown = cli.neutron("floatingip-show " + fipId);
        assertEquals("10.0.0.2", OpenstackCli.field(shown, "fixed_ip_address"));
        assertEquals("192.168.0.3", OpenstackCli.field(shown, "floating_ip_address"));
        assertEquals(vm, OpenstackCli.field(shown, "port_id"));
        assertEquals(cli.json("router", "show", "routerA").get("id").asText(), OpenstackCli.field(shown, "router_id"));
    }
}
