package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 000's command sequences with the real clients: a trunk with three subports (VLAN aware
 * VMs) and "get me a network", failing until the default external network and the default
 * subnet pool exist. The seed's neutron lines are run verbatim; the openstack lines are the
 * seed's own or their openstack-client equivalents. ({@code nova boot --nic none} asks nothing
 * of Neutron, so there is nothing of it to run here.)
 */
@Tag("integration")
class Seed000CliIT {
    @TempDir
    Path dataDir;
    private OpenstackCli cli;

    @BeforeEach
    void start() {
        cli = new OpenstackCli(dataDir, new ServiceConfig(1000, 1999, "admin",
                Map.of("physnet1", new VlanRange(1000, 1999))));
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    @Test
    void trunkWithThreeSubports() throws Exception {
        // 7./10. openstack extension list --network | grep trunk
        assertTrue(aliases().containsAll(List.of("trunk", "trunk-details")));

        // 1. Four networks with subnets (the seed's tenant networks are VLANs of physnet1).
        cli.neutron("net-create net1 --provider:network_type vlan --provider:physical_network physnet1");
        cli.neutron("subnet-create net1 192.168.10.0/24 --name subnet1");
        cli.neutron("net-create net2 --provider:network_type vlan --provider:physical_network physnet1");
        cli.neutron("subnet-create net2 192.168.20.0/24 --name subnet2");
        cli.neutron("net-create net3 --provider:network_type vlan --provider:physical_network physnet1");
        cli.neutron("subnet-create net3 192.168.30.0/24 --name subnet3");
        cli.neutron("net-create trunk --provider:network_type vlan --provider:physical_network physnet1");
        cli.neutron("subnet-create trunk 192.168.100.0/24 --name trunk-subnet");
        String listing = cli.neutron("net-list -c name -c provider:network_type -c provider:segmentation_id");
        Set<String> vlans = new HashSet<>();
        for (String line : listing.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length == 4 && cells[2].trim().equals("vlan")) {
                vlans.add(cells[3].trim());
            }
        }
        assertEquals(4, vlans.size(), "four VLANs from the physnet1 range: " + listing);

        // 2. A router on all four subnets.
        cli.neutron("router-create router1");
        for (String subnet : List.of("subnet1", "subnet2", "subnet3", "trunk-subnet")) {
            assertTrue(cli.neutron("router-interface-add router1 " + subnet).startsWith("Added interface"));
        }
        assertEquals(4, cli.json("router", "show", "router1").get("interfaces_info").size());

        // 3./4. The ports to carry, and the trunk's own port.
        String[] subports = new String[3];
        for (int i = 1; i <= 3; i++) {
            subports[i - 1] = cli.json("port", "create", "--network", "net" + i, "port-net" + i).get("id").asText();
        }
        String parent = cli.json("port", "create", "--network", "trunk", "my-trunk").get("id").asText();

        // 5. openstack network trunk create --parent-port my-trunk trunk-net
        JsonNode trunk = cli.json("network", "trunk", "create", "--parent-port", "my-trunk", "trunk-net");
        assertEquals("trunk-net", trunk.get("name").asText());
        assertEquals(parent, trunk.get("port_id").asText());
        assertEquals("DOWN", trunk.get("status").asText());
        assertTrue(trunk.get("admin_state_up").asBoolean());
        assertEquals(1, trunk.get("revision_number").asInt());
        assertEquals(0, trunk.get("sub_ports").size());

        // 6. The three ports as subports, each with the VLAN the VM sees.
        cli.ok("network", "trunk", "set", "trunk-net",
                "--subport", "port=port-net1,segmentation-type=vlan,segmentation-id=1100",
                "--subport", "port=port-net2,segmentation-type=vlan,segmentation-id=1200",
                "--subport", "port=port-net3,segmentation-type=vlan,segmentation-id=1300");

        // 7. openstack network trunk show trunk-net
        JsonNode shown = cli.json("network", "trunk", "show", "trunk-net");
        assertEquals(2, shown.get("revision_number").asInt());
        assertEquals("DOWN", shown.get("status").asText());
        List<String> carried = new ArrayList<>();
        shown.get("sub_ports").forEach(s -> carried.add(s.get("port_id").asText() + "/"
                + s.get("segmentation_type").asText() + "/" + s.get("segmentation_id").asInt()));
        assertEquals(List.of(subports[0] + "/vlan/1100", subports[1] + "/vlan/1200", subports[2] + "/vlan/1300"),
                carried);
        assertEquals(3, cli.json("port", "show", "my-trunk").get("trunk_details").get("sub_ports").size());

        // 9. Security group rules for SSH and ICMP from anywhere, on the project's default group.
        String group = null;
        for (JsonNode g : cli.json("security", "group", "list", "--project", "admin")) {
            if (g.get("Name").asText().equals("default")) {
                group = g.get("ID").asText();
            }
        }
        String ssh = cli.neutron("security-group-rule-create " + group + " --direction ingress --port-range-min 22 "
                + "--port-range-max 22 --protocol tcp --remote-ip-prefix 0.0.0.0/0");
        assertEquals("tcp", OpenstackCli.field(ssh, "protocol"));
        assertEquals("22", OpenstackCli.field(ssh, "port_range_min"));
        String icmp = cli.neutron("security-group-rule-create " + group + " --direction ingress --protocol icmp "
                + "--remote-ip-prefix 0.0.0.0/0");
        assertEquals("icmp", OpenstackCli.field(icmp, "protocol"));
        OpenstackCli.Result again = cli.openstack("security", "group", "rule", "create", "--ingress", "--protocol",
                "icmp", "--remote-ip", "0.0.0.0/0", group);
        assertNotEquals(0, again.code());
        assertTrue(again.err().contains("Security group rule already exists"), again.err());

        // 10. What Nova does to the trunk port when it boots the VM on it (network side only).
        cli.ok("port", "set", "--device", "65909ef2-1b7b-40f4-9bce-1ca44dc1d059", "--device-owner", "compute:nova",
                "--host", "node1", "my-trunk");
        JsonNode vmPort = cli.json("port", "show", "my-trunk");
        assertEquals("node1", vmPort.get("binding_host_id").asText());
        assertEquals("compute:nova", vmPort.get("device_owner").asText());
        OpenstackCli.Result delete = cli.openstack("port", "delete", "my-trunk");
        assertNotEquals(0, delete.code());
        assertTrue(delete.err().contains("is currently a parent port for trunk"), delete.err());
    }

    @Test
    void getMeANetwork() throws Exception {
        assertTrue(aliases().contains("auto-allocated-topology"));

        // From nothing: the project (demo) asks, and the deployment is not ready.
        OpenstackCli.Result first = cli.openstack("network", "auto", "allocated", "topology", "create",
                "--project", "demo");
        assertNotEquals(0, first.code());
        assertTrue(first.err().contains("Deployment error: No default router:external network."), first.err());
        OpenstackCli.Result check = cli.openstack("network", "auto", "allocated", "topology", "create",
                "--check-resources", "--project", "demo");
        assertNotEquals(0, check.code());
        assertTrue(check.err().contains("Deployment error: No default router:external network."), check.err());

        // The admin provides the three conditions' resources (the seed's lines, in openstack form).
        JsonNode external = cli.json("network", "create", "--external", "--default", "external");
        assertTrue(external.get("router:external").asBoolean());
        assertTrue(external.get("is_default").asBoolean());
        JsonNode pool = cli.json("subnet", "pool", "create", "--default", "--share", "--pool-prefix", "10.0.0.0/20",
                "--default-prefix-length", "24", "default_subnetpool");
        assertTrue(pool.get("is_default").asBoolean() && pool.get("shared").asBoolean());
        assertEquals(24, pool.get("default_prefixlen").asInt());
        JsonNode externalSubnet = cli.json("subnet", "create", "--network", "external", "--use-default-subnet-pool",
                "external-subnet");
        assertEquals("10.0.0.0/24", externalSubnet.get("cidr").asText());
        assertEquals(pool.get("id").asText(), externalSubnet.get("subnetpool_id").asText());

        // Re: the project asks again.
        assertEquals(0, cli.openstack("network", "auto", "allocated", "topology", "create", "--check-resources",
                "--project", "demo").code());
        JsonNode topology = cli.json("network", "auto", "allocated", "topology", "create", "--project", "demo");
        String network = topology.get("id").asText();
        assertEquals("demo", topology.get("project_id").asText());
        assertEquals("auto_allocated_network", cli.json("network", "show", network).get("name").asText());
        JsonNode subnets = cli.json("subnet", "list", "--network", network);
        assertEquals(1, subnets.size());
        assertEquals("auto_allocated_subnet_v4", subnets.get(0).get("Name").asText());
        assertEquals("10.0.1.0/24", subnets.get(0).get("Subnet").asText(), "the seed's VM got 10.0.1.3");
        JsonNode router = cli.json("router", "show", "auto_allocated_router");
        assertEquals("demo", router.get("project_id").asText());
        assertEquals(external.get("id").asText(), router.get("external_gateway_info").get("network_id").asText());
        assertEquals("10.0.1.1", router.get("interfaces_info").get(0).get("ip_address").asText());
        assertEquals(network, cli.json("network", "auto", "allocated", "topology", "create", "--project", "demo")
                .get("id").asText(), "built once");

        // A project that already has a network of its own is not given another.
        cli.ok("network", "create", "--project", "other", "others-net");
        OpenstackCli.Result other = cli.openstack("network", "auto", "allocated", "topology", "create",
                "--project", "other");
        assertNotEquals(0, other.code());
        assertTrue(other.err().contains("already has networks"), other.err());

        cli.ok("network", "auto", "allocated", "topology", "delete", "--project", "demo");
        assertEquals(0, cli.json("network", "list", "--project", "demo").size());
        assertEquals(0, cli.json("router", "list", "--project", "demo").size());
    }

    @Test
    void theSeedsNeutronLinesForTheDefaultResources() throws Exception {
        cli.neutron("net-create external --router:external --is_default");
        cli.neutron("subnetpool-create --is_default --shared --pool-prefix 10.0.0.0/20 --default-prefixlen 24 "
                + "default_subnetpool");
        String subnet = cli.neutron("subnet-create external --use-default-subnetpool");
        assertEquals("10.0.0.0/24", OpenstackCli.field(subnet, "cidr"));
        assertEquals("10.0.1.0/24", cli.json("subnet", "list", "--network", cli.json("network", "auto", "allocated",
                "topology", "create", "--project", "demo").get("id").asText()).get(0).get("Subnet").asText());
    }

    private List<String> aliases() throws Exception {
        List<String> aliases = new ArrayList<>();
        cli.json("extension", "list", "--network").forEach(e -> aliases.add(e.get("Alias").asText()));
        return aliases;
    }
}
