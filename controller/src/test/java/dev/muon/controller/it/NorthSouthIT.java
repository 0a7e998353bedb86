package dev.muon.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * North–south on one real userspace Open vSwitch network node ({@code muon-role=network},
 * {@code public:br-ex}) with real packets: a VM namespace on a VXLAN subnet behind a router whose
 * gateway is on the flat external network, and an external host namespace on br-ex's wire
 * (203.0.113.1, the external subnet's gateway: the upstream router). The controller places the
 * router's SNAT on the node, resolves the upstream's MAC by ARP, and the VM pings the external
 * host through conntrack SNAT to the gateway address (seen in the node's conntrack table), gets
 * "connection refused" for a UDP datagram to a closed port (the related ICMP un-NATed to it),
 * while the external host cannot open a connection to the gateway address; a floating IP then
 * makes the VM reachable from the external host, reads ACTIVE, and stops when disassociated.
 */
@Tag("integration")
class NorthSouthIT {
    private static final Duration CONVERGE = Cloud.CONVERGE;
    private static final String EXT_HOST = "203.0.113.1";

    private Cloud cloud;
    private OvsNode node;
    private Rest rest;
    private final List<String> namespaces = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        cloud = Cloud.start("northsouth-it");
        rest = cloud.rest;
        node = cloud.node("node1");
        node.vsctl("set-manager", "tcp:127.0.0.1:" + cloud.ovsdbPort, "--", "set", "Open_vSwitch", ".",
                "external_ids:hostname=node1", "external_ids:muon-encap-ip=192.168.1.11",
                "external_ids:muon-datapath-type=netdev", "external_ids:muon-role=network",
                "external_ids:muon-bridge-mappings=public:br-ex");
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (String ns : namespaces) {
                OvsNode.run(List.of("ip", "netns", "del", ns));
            }
        } finally {
            cloud.close();
        }
    }

    @Test
    void aVmReachesTheOutsideThroughSnatAndIsReachedThroughItsFloatingIp() throws Exception {
        JsonNode ext = rest.post("networks", "network", "{\"name\": \"public\", \"router:external\": true, "
                + "\"provider:network_type\": \"flat\", \"provider:physical_network\": \"public\"}");
        rest.post("subnets", "subnet", "{\"network_id\": \"" + Cloud.id(ext) + "\", \"cidr\": \"203.0.113.0/24\", "
                + "\"ip_version\": 4, \"gateway_ip\": \"" + EXT_HOST + "\", \"enable_dhcp\": false}");
        JsonNode net = cloud.network("private");
        JsonNode sub = cloud.subnet(net, "10.1.0.0/24");
        JsonNode router = rest.post("routers", "router", "{\"name\": \"r1\", \"external_gateway_info\": "
                + "{\"network_id\": \"" + Cloud.id(ext) + "\"}}");
        String r = Cloud.id(router);
        rest.action("routers/" + r + "/add_router_interface", "{\"subnet_id\": \"" + Cloud.id(sub) + "\"}");
        String gatewayIp = router.get("external_gateway_info").get("external_fixed_ips").get(0).get("ip_address").asText();

        externalHost();
        JsonNode vmPort = cloud.port(net);
        String vm = plugVm(vmPort, sub.get("gateway_ip").asText());
        cloud.awaitPort(vmPort, "ACTIVE", "node1");
        Eventually.await("the gateway port bound to node1 (SNAT placed)", CONVERGE,
                () -> rest.get("ports?device_owner=network:router_gateway").get("ports").get(0),
                p -> p.get("binding:host_id").asText().equals("node1") && p.get("status").asText().equals("ACTIVE"));

        // out through SNAT: the upstream's MAC is resolved by the controller, the reply un-NATed
        Eventually.await("the VM pinging the external host", CONVERGE, () -> exec(vm, "ping", "-n", "-c", "1", "-W", "1",
                EXT_HOST), out -> out.contains(" 0% packet loss"));
        String conntrack = appctl("dpctl/dump-conntrack");
        assertTrue(conntrack.contains("dst=" + gatewayIp), "the reply direction is to the gateway address:\n" + conntrack);
        String refused = exec(vm, "python3", "-c", "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
                + "s.settimeout(3)\ns.connect(('" + EXT_HOST + "',9))\ns.send(b'x')\ntry:\n s.recv(10)\n print('answer')\n"
                + "except ConnectionRefusedError:\n print('refused')\nexcept socket.timeout:\n print('timeout')");
        assertTrue(refused.contains("refused"), "port unreachable reaches the VM through SNAT: " + refused);
        String inbound = exec("ext", "python3", "-c", "import socket\ntry:\n socket.create_connection(('" + gatewayIp
                + "',22),timeout=2)\n print('connected')\nexcept OSError as e:\n print('failed',e)");
        assertTrue(inbound.contains("failed"), "nothing gets in to the gateway address: " + inbound);

        // a floating IP on the VM's own node (it maps public); the VM's default group admits only its members,
        // so the user allows ICMP in, as for any VM to be pinged from outside
        String defaultGroup = null;
        for (JsonNode g : rest.get("security-groups").get("security_groups")) {
            if (g.get("name").asText().equals("default")) {
                defaultGroup = Cloud.id(g);
            }
        }
        rest.post("security-group-rules", "security_group_rule", "{\"security_group_id\": \"" + defaultGroup
                + "\", \"direction\": \"ingress\", \"ethertype\": \"IPv4\", \"protocol\": \"icmp\"}");
        JsonNode fip = rest.post("floatingips", "floatingip", "{\"floating_network_id\": \"" + Cloud.id(ext) + "\"}");
        String fipAddress = fip.get("floating_ip_address").asText();
        rest.put("floatingips/" + Cloud.id(fip), "floatingip", "{\"port_id\": \"" + Cloud.id(vmPort) + "\"}");
        Eventually.await("the floating IP ACTIVE", CONVERGE, () -> rest.get("floatingips/" + Cloud.id(fip))
                .get("floatingip"), f -> f.get("status").asText().equals("ACTIVE"));
        Eventually.await("the external host pinging the floating IP", CONVERGE, () -> exec("ext", "ping", "-n", "-c", "1",
                "-W", "1", fipAddress), out -> out.contains(" 0% packet loss"));
        rest.put("floatingips/" + Cloud.id(fip), "floatingip", "{\"port_id\": null}");
        Eventually.await("the floating IP DOWN", CONVERGE, () -> rest.get("floatingips/" + Cloud.id(fip))
                .get("floatingip"), f -> f.get("status").asText().equals("DOWN"));
        // the API says DOWN as it disassociates; the flows go in the pass that follows
        Eventually.await("the floating IP to stop answering", CONVERGE, () -> exec("ext", "ping", "-n", "-c", "1",
                "-W", "1", fipAddress), out -> out.contains("100% packet loss"));
        String after = exec("ext", "ping", "-n", "-c", "2", "-W", "1", fipAddress);
        assertTrue(after.contains("100% packet loss"), "disassociated, the floating IP answers no more: " + after);
        assertEquals("ACTIVE", rest.get("routers/" + r).get("router").get("status").asText());
    }

    /** The external host: a namespace on br-ex's wire, the external subnet's gateway. */
    private void externalHost() throws Exception {
        String nodeNs = Files.readString(node.dir.resolve("netns")).trim();
        String ns = "muon-it-ext-" + ProcessHandle.current().pid();
        OvsNode.run(List.of("ip", "netns", "add", ns));
        namespaces.add(ns);
        OvsNode.run(List.of("ip", "link", "add", "ext0", "netns", ns, "type", "veth", "peer", "name", "exnic", "netns",
                nodeNs));
        OvsNode.run(List.of("ip", "-n", ns, "addr", "add", EXT_HOST + "/24", "dev", "ext0"));
        OvsNode.run(List.of("ip", "-n", ns, "link", "set", "ext0", "up"));
        OvsNode.run(List.of("ip", "netns", "exec", ns, "ethtool", "-K", "ext0", "tx", "off"));
        OvsNode.run(List.of("ip", "-n", nodeNs, "link", "set", "exnic", "up"));
        Eventually.await("node1 has br-ex", CONVERGE, () -> node.vsctl("list-br").lines().toList(),
                brs -> brs.contains("br-ex"));
        node.vsctl("add-port", "br-ex", "exnic");
    }

    /** A VM: a namespace with eth0 (the port's MAC and address, default route via the gateway) behind a veth on br-int. */
    private String plugVm(JsonNode port, String gateway) throws Exception {
        String ns = "muon-it-vm-" + ProcessHandle.current().pid();
        node.plugVethVif(ns, namespaces, "tapvm", Cloud.mac(port), Cloud.id(port), "vm-1");
        OvsNode.run(List.of("ip", "-n", ns, "link", "set", "eth0", "mtu", "1450"));
        OvsNode.run(List.of("ip", "-n", ns, "addr", "add", Cloud.ip(port) + "/24", "dev", "eth0"));
        OvsNode.run(List.of("ip", "-n", ns, "route", "add", "default", "via", gateway));
        OvsNode.run(List.of("ip", "netns", "exec", ns, "ethtool", "-K", "eth0", "tx", "off"));
        return ns;
    }

    private String exec(String ns, String... cmd) throws Exception {
        String namespace = ns.equals("ext") ? namespaces.get(0) : ns;
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(cmd));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish: " + full);
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private String appctl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ovs-appctl", "-t", node.dir.resolve("ovs-vswitchd.ctl").toString()));
        cmd.addAll(List.of(args));
        return OvsNode.run(cmd);
    }
}
