package dev.muon.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.controller.MuonConfig;
import dev.muon.controller.MuonController;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The L2 dataplane on two real userspace Open vSwitch nodes, checked with the flows they
 * hold and {@code ofproto/trace}: VLAN and flat networks through bridge mappings (a
 * physical bridge created when missing, taken over with its NIC when present), the ARP
 * responder, live anti-spoofing updates, and admin_state_up=false.
 */
@Tag("integration")
class L2DataplaneIT {
    private static final Duration CONVERGE = Duration.ofSeconds(30);

    private Path work;
    private int restPort;
    private int ofPort;
    private int ovsdbPort;
    private MuonController controller;
    private OvsNode node1;
    private OvsNode node2;
    private Rest rest;

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createTempDirectory("muon-l2-it");
        restPort = freePort();
        ofPort = freePort();
        ovsdbPort = freePort();
        controller = startController();
        rest = new Rest(restPort);
        node1 = OvsNode.start("node1", work, ofPort);
        node2 = OvsNode.start("node2", work, ofPort);
        // node2's operator made br-eth1 with a NIC (here an internal port standing for eth1) before joining
        node2.vsctl("add-br", "br-eth1", "--", "set", "Bridge", "br-eth1", "datapath_type=netdev", "fail_mode=standalone",
                "--", "add-port", "br-eth1", "eth1", "--", "set", "Interface", "eth1", "type=internal");
        node1.vsctl("set", "Open_vSwitch", ".", "external_ids:muon-bridge-mappings=physnet1:br-eth1,public:br-ex");
        node2.vsctl("set", "Open_vSwitch", ".", "external_ids:muon-bridge-mappings=physnet1:br-eth1");
        node1.join(ovsdbPort, "192.168.1.11");
        node2.join(ovsdbPort, "192.168.1.12");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (controller != null) {
            controller.close();
        }
        for (OvsNode n : new OvsNode[] {node1, node2}) {
            if (n != null) {
                n.close();
            }
        }
        try (var paths = Files.walk(work)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void vlanAndFlatNetworksGoThroughTheMappedBridgesWithTheProviderVlanOnTheWire() throws Exception {
        // br-eth1 created on node1, taken over on node2 with its NIC left in place
        for (OvsNode n : new OvsNode[] {node1, node2}) {
            Eventually.await(n.name + " br-eth1 patched to br-int", CONVERGE, () -> n.vsctl("list-ports", "br-eth1"),
                    s -> s.contains("phy-br-eth1"));
            assertEquals("secure", n.vsctl("get", "Bridge", "br-eth1", "fail_mode"));
            assertEquals("int-br-eth1", n.vsctl("get", "Interface", "phy-br-eth1", "options:peer").replace("\"", ""));
            assertTrue(n.vsctl("list-ports", "br-int").contains("int-br-eth1"));
        }
        assertTrue(node2.vsctl("list-ports", "br-eth1").contains("eth1"), "the NIC is never removed");
        Eventually.await("node1 br-ex", CONVERGE, () -> node1.vsctl("list-ports", "br-ex"), s -> s.contains("phy-br-ex"));
        assertFalse(node2.vsctl("list-br").contains("br-ex"), "node2 maps no public network");

        JsonNode vlan = rest.post("networks", "network", "{\"name\": \"vlan1031\", \"provider:network_type\": \"vlan\","
                + " \"provider:physical_network\": \"physnet1\", \"provider:segmentation_id\": 1031}");
        JsonNode flat = rest.post("networks", "network", "{\"name\": \"public\", \"provider:network_type\": \"flat\","
                + " \"provider:physical_network\": \"public\"}");
        subnet(vlan, "192.168.10.0/24");
        subnet(flat, "172.24.4.0/24");
        JsonNode v1 = port(vlan);
        JsonNode v2 = port(vlan);
        JsonNode f1 = port(flat);
        JsonNode f2 = port(flat);
        plug(node1, "tapv1", v1);
        plug(node2, "tapv2", v2);
        plug(node1, "tapf1", f1);
        plug(node2, "tapf2", f2);
        awaitStatus(v1, "ACTIVE");
        awaitStatus(v2, "ACTIVE");
        awaitStatus(f1, "ACTIVE");
        awaitStatus(f2, "DOWN");   // node2 has no bridge for "public": the port stays on the dead VLAN
        Eventually.await("dead VLAN tag", CONVERGE, () -> node2.vsctl("get", "Port", "tapf2", "tag"), "4095"::equals);

        // node2: a broadcast from the VM leaves eth1 tagged 1031; a frame for it tagged 1031 arrives untagged;
        // any other VLAN from the wire is dropped
        String mac2 = v2.get("mac_address").asText();
        String out = Eventually.await("node2 egress trace", CONVERGE, () -> trace(node2, "br-int",
                "in_port=tapv2,dl_src=" + mac2 + ",dl_dst=ff:ff:ff:ff:ff:ff,dl_type=0x0800"),
                t -> datapathActions(t).contains("push_vlan(vid=1031"));
        assertTrue(datapathActions(out).contains(odpPort(node2, "eth1")), out);
        String in = trace(node2, "br-eth1", "in_port=eth1,dl_vlan=1031,dl_src=fa:16:3e:00:00:99,dl_dst=" + mac2
                + ",dl_type=0x0800");
        assertTrue(datapathActions(in).contains("pop_vlan") && datapathActions(in).contains(odpPort(node2, "tapv2")), in);
        String other = trace(node2, "br-eth1", "in_port=eth1,dl_vlan=1090,dl_src=fa:16:3e:00:00:99,dl_dst=" + mac2
                + ",dl_type=0x0800");
        assertTrue(other.contains("in_port=1, priority 2") && !datapathActions(other).contains(odpPort(node2, "tapv2")),
                "br-int drops a VLAN it does not carry:\n" + other);

        // the local VLAN is per node, the provider VLAN the same everywhere
        String tag1 = node1.vsctl("get", "Port", "tapv1", "tag");
        String tag2 = node2.vsctl("get", "Port", "tapv2", "tag");
        Eventually.await("node1 br-eth1 translation", CONVERGE, () -> node1.dumpFlows("br-eth1"),
                s -> s.contains("dl_vlan=" + tag1 + " actions=set_field:" + (4096 + 1031) + "->vlan_vid,NORMAL"));
        assertTrue(node2.dumpFlows("br-eth1").contains("dl_vlan=" + tag2 + " actions=set_field:" + (4096 + 1031)
                + "->vlan_vid,NORMAL"));
        assertTrue(node1.dumpFlows("br-int").contains("dl_vlan=1031 actions=set_field:" + (4096 + Integer.parseInt(tag1))
                + "->vlan_vid,NORMAL"));

        // flat: untagged on br-ex
        String tagf = node1.vsctl("get", "Port", "tapf1", "tag");
        Eventually.await("node1 br-ex flat translation", CONVERGE, () -> node1.dumpFlows("br-ex"),
                s -> s.contains("dl_vlan=" + tagf + " actions=pop_vlan,NORMAL"));
        assertTrue(node1.dumpFlows("br-int").contains("vlan_tci=0x0000/0x1fff actions=push_vlan:0x8100,set_field:"
                + (4096 + Integer.parseInt(tagf)) + "->vlan_vid,NORMAL"));
    }

    @Test
    void arpForARemotePortIsAnsweredOnTheNodeAndSpoofingRulesFollowThePort() throws Exception {
        for (OvsNode n : new OvsNode[] {node1, node2}) {
            Eventually.await(n.name + " bridges", CONVERGE, () -> n.vsctl("list-br"), s -> s.contains("br-int"));
        }
        JsonNode net = rest.post("networks", "network", "{\"name\": \"vx\"}");
        JsonNode sub = subnet(net, "10.0.0.0/24");
        JsonNode p1 = port(net);
        JsonNode p2 = port(net);
        plug(node1, "tap1", p1);
        plug(node2, "tap2", p2);
        awaitStatus(p1, "ACTIVE");
        awaitStatus(p2, "ACTIVE");
        String mac1 = p1.get("mac_address").asText();
        String mac2 = p2.get("mac_address").asText();
        String ip1 = ip(p1);
        String ip2 = ip(p2);

        // an ARP request for VM2 from VM1 comes back to VM1 as VM2's reply, and never reaches a tunnel
        String arp = "in_port=tap1,arp,arp_op=1,dl_src=" + mac1 + ",dl_dst=ff:ff:ff:ff:ff:ff,arp_spa=" + ip1
                + ",arp_tpa=" + ip2 + ",arp_sha=" + mac1;
        String answered = Eventually.await("ARP answered on node1", CONVERGE, () -> trace(node1, "br-int", arp),
                t -> datapathActions(t).contains("arp(sip=" + ip2));
        String actions = datapathActions(answered);
        String reply = "set(eth(src=" + mac2 + ",dst=" + mac1 + ")),set(arp(sip=" + ip2 + ",tip=" + ip1
                + ",op=2,sha=" + mac2 + ",tha=" + mac1 + "))";
        assertTrue(actions.contains(reply), answered);
        // the reply goes back out of VM1's port (untagged); br-int's own port gets flooded copies, no tunnel does
        String afterReply = actions.substring(actions.indexOf(reply) + reply.length());
        assertTrue(List.of(afterReply.split(",")).contains(odpPort(node1, "tap1")), answered);
        assertFalse(actions.contains("tnl_push"), answered);
        // an unknown IP floods to node2 (this test has no underlay, so the trace stops at the tunnel)
        String unknown = trace(node1, "br-int", arp.replace("arp_tpa=" + ip2, "arp_tpa=10.0.0.250"));
        assertTrue(unknown.contains("21. priority 0") && unknown.contains("-> output to native tunnel"), unknown);

        // a forged sender address is dropped at table 24, the real one passes
        assertEquals("drop", datapathActions(trace(node1, "br-int", arp.replace("arp_spa=" + ip1, "arp_spa=10.0.0.99"))));
        // the port gets a new address: the rules follow, here and in node2's responder
        rest.put("ports/" + p1.get("id").asText(), "port", "{\"fixed_ips\": [{\"subnet_id\": \""
                + sub.get("id").asText() + "\", \"ip_address\": \"10.0.0.99\"}]}");
        Eventually.await("new address allowed", CONVERGE, () -> datapathActions(
                trace(node1, "br-int", arp.replace("arp_spa=" + ip1, "arp_spa=10.0.0.99"))), a -> !a.equals("drop"));
        assertEquals("drop", datapathActions(trace(node1, "br-int", arp)), "the old address is no longer allowed");
        Eventually.await("node2 answers for the new address", CONVERGE, () -> node2.dumpFlows("br-tun"),
                s -> s.contains("arp_tpa=10.0.0.99") && !s.contains("arp_tpa=" + ip1 + " "));

        // an allowed address pair opens that address too
        rest.put("ports/" + p1.get("id").asText(), "port", "{\"allowed_address_pairs\": [{\"ip_address\": \"10.0.0.77\"}]}");
        Eventually.await("pair allowed", CONVERGE, () -> datapathActions(
                trace(node1, "br-int", arp.replace("arp_spa=" + ip1, "arp_spa=10.0.0.77"))), a -> !a.equals("drop"));

        // admin_state_up=false: dead VLAN, dropped, DOWN, and node2 forgets it; true restores it
        rest.put("ports/" + p1.get("id").asText(), "port", "{\"admin_state_up\": false}");
        Eventually.await("dead VLAN", CONVERGE, () -> node1.vsctl("get", "Port", "tap1", "tag"), "4095"::equals);
        awaitStatus(p1, "DOWN");
        Eventually.await("node2 withdraws its MAC", CONVERGE, () -> node2.dumpFlows("br-tun"), s -> !s.contains(mac1));
        assertEquals("drop", datapathActions(trace(node1, "br-int",
                "in_port=tap1,dl_src=" + mac1 + ",dl_dst=ff:ff:ff:ff:ff:ff,dl_type=0x0800")));
        rest.put("ports/" + p1.get("id").asText(), "port", "{\"admin_state_up\": true}");
        awaitStatus(p1, "ACTIVE");
        Eventually.await("node2 learns it again", CONVERGE, () -> node2.dumpFlows("br-tun"), s -> s.contains(mac1));
        assertFalse(node1.vsctl("get", "Port", "tap1", "tag").equals("4095"));
    }

    // --- helpers ---

    private JsonNode subnet(JsonNode net, String cidr) throws Exception {
        return rest.post("subnets", "subnet", "{\"network_id\": \"" + net.get("id").asText() + "\", \"cidr\": \""
                + cidr + "\", \"ip_version\": 4}");
    }

    private JsonNode port(JsonNode net) throws Exception {
        return rest.post("ports", "port", "{\"network_id\": \"" + net.get("id").asText() + "\"}");
    }

    private static String ip(JsonNode port) {
        return port.get("fixed_ips").get(0).get("ip_address").asText();
    }

    private void awaitStatus(JsonNode port, String status) throws Exception {
        Eventually.await("port " + port.get("id").asText() + " " + status, CONVERGE,
                () -> rest.get("ports/" + port.get("id").asText()).get("port").get("status").asText(), status::equals);
    }

    private static void plug(OvsNode node, String dev, JsonNode port) throws IOException {
        node.vsctl("add-port", "br-int", dev, "--", "set", "Interface", dev, "type=internal",
                "external_ids:iface-id=" + port.get("id").asText(),
                "external_ids:attached-mac=" + port.get("mac_address").asText(),
                "external_ids:iface-status=active", "external_ids:vm-uuid=vm-" + dev);
    }

    private static String trace(OvsNode node, String bridge, String flow) throws IOException {
        return OvsNode.run(List.of("ovs-appctl", "-t", node.dir.resolve("ovs-vswitchd.ctl").toString(),
                "ofproto/trace", bridge, flow));
    }

    /** The "Datapath actions:" line of a trace. */
    private static String datapathActions(String trace) {
        return trace.lines().filter(l -> l.startsWith("Datapath actions:")).findFirst()
                .map(l -> l.substring("Datapath actions:".length()).trim()).orElse("");
    }

    /** The datapath port number of an interface, as traces print it. */
    private static String odpPort(OvsNode node, String iface) throws IOException {
        String show = OvsNode.run(List.of("ovs-appctl", "-t", node.dir.resolve("ovs-vswitchd.ctl").toString(),
                "dpif/show"));
        for (String line : show.lines().toList()) {
            String t = line.trim();
            if (t.startsWith(iface + " ")) {
                // "tap1 3/4: (internal)": ofport/odp port
                return t.split("\\s+")[1].split("/")[1].replace(":", "");
            }
        }
        throw new AssertionError("no datapath port for " + iface + " in\n" + show);
    }

    private MuonController startController() throws Exception {
        Map<String, String> o = new HashMap<>();
        o.put("rest.bind", "127.0.0.1");
        o.put("rest.port", Integer.toString(restPort));
        o.put("openflow.bind", "127.0.0.1");
        o.put("openflow.port", Integer.toString(ofPort));
        o.put("ovsdb.bind", "127.0.0.1");
        o.put("ovsdb.port", Integer.toString(ovsdbPort));
        o.put("data.dir", work.resolve("data").toString());
        o.put("reconcile.period.seconds", "2");
        MuonController c = new MuonController(MuonConfig.load(null, Map.of(), o));
        c.start();
        return c;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
