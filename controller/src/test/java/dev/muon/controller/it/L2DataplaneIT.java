package dev.muon.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
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
    private static final Duration CONVERGE = Cloud.CONVERGE;

    private Cloud cloud;
    private OvsNode node1;
    private OvsNode node2;
    private Rest rest;

    @BeforeEach
    void setUp() throws Exception {
        cloud = Cloud.start("l2-it");
        rest = cloud.rest;
        node1 = cloud.node("node1");
        node2 = cloud.node("node2");
        // node2's operator made br-eth1 with a NIC (here an internal port standing for eth1) before joining
        node2.vsctl("add-br", "br-eth1", "--", "set", "Bridge", "br-eth1", "datapath_type=netdev", "fail_mode=standalone",
                "--", "add-port", "br-eth1", "eth1", "--", "set", "Interface", "eth1", "type=internal");
        node1.vsctl("set", "Open_vSwitch", ".", "external_ids:muon-bridge-mappings=physnet1:br-eth1,public:br-ex");
        node2.vsctl("set", "Open_vSwitch", ".", "external_ids:muon-bridge-mappings=physnet1:br-eth1");
        node1.join(cloud.ovsdbPort, "192.168.1.11");
        node2.join(cloud.ovsdbPort, "192.168.1.12");
    }

    @AfterEach
    void tearDown() throws Exception {
        cloud.close();
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
        cloud.subnet(vlan, "192.168.10.0/24");
        cloud.subnet(flat, "172.24.4.0/24");
        JsonNode v1 = cloud.port(vlan);
        JsonNode v2 = cloud.port(vlan);
        JsonNode f1 = cloud.port(flat);
        JsonNode f2 = cloud.port(flat);
        Cloud.plug(node1, "br-int", "tapv1", v1);
        Cloud.plug(node2, "br-int", "tapv2", v2);
        Cloud.plug(node1, "br-int", "tapf1", f1);
        Cloud.plug(node2, "br-int", "tapf2", f2);
        cloud.awaitPort(v1, "ACTIVE", null);
        cloud.awaitPort(v2, "ACTIVE", null);
        cloud.awaitPort(f1, "ACTIVE", null);
        cloud.awaitPort(f2, "DOWN", null);   // node2 has no bridge for "public": the port stays on the dead VLAN
        Eventually.await("dead VLAN tag", CONVERGE, () -> node2.vsctl("get", "Port", "tapf2", "tag"), "4095"::equals);

        // node2: a broadcast from the VM leaves eth1 tagged 1031; a frame for it tagged 1031 arrives untagged;
        // any other VLAN from the wire is dropped (ARP, which the security groups pass without conntrack, so
        // that ofproto/trace's first datapath actions are the whole way)
        String mac2 = v2.get("mac_address").asText();
        String ip2 = Cloud.ip(v2);
        String out = Eventually.await("node2 egress trace", CONVERGE, () -> node2.trace("br-int",
                "in_port=tapv2,arp,arp_op=1,dl_src=" + mac2 + ",dl_dst=ff:ff:ff:ff:ff:ff,arp_spa=" + ip2
                        + ",arp_tpa=192.168.10.99,arp_sha=" + mac2),
                t -> OvsNode.datapathActions(t).contains("push_vlan(vid=1031"));
        assertTrue(OvsNode.datapathActions(out).contains(node2.odpPort("eth1")), out);
        String in = node2.trace("br-eth1", "in_port=eth1,dl_vlan=1031,dl_src=fa:16:3e:00:00:99,dl_dst=" + mac2
                + ",arp,arp_op=2,arp_spa=192.168.10.99,arp_tpa=" + ip2);
        assertTrue(OvsNode.datapathActions(in).contains("pop_vlan") && OvsNode.datapathActions(in).contains(node2.odpPort("tapv2")), in);
        String other = node2.trace("br-eth1", "in_port=eth1,dl_vlan=1090,dl_src=fa:16:3e:00:00:99,dl_dst=" + mac2
                + ",dl_type=0x0800");
        assertTrue(other.contains("in_port=1, priority 2") && !OvsNode.datapathActions(other).contains(node2.odpPort("tapv2")),
                "br-int drops a VLAN it does not carry:\n" + other);

        // the local VLAN is per node, the provider VLAN the same everywhere
        String tag1 = node1.vsctl("get", "Port", "tapv1", "tag");
        String tag2 = node2.vsctl("get", "Port", "tapv2", "tag");
        Eventually.await("node1 br-eth1 translation", CONVERGE, () -> node1.dumpFlows("br-eth1"),
                s -> s.contains("dl_vlan=" + tag1 + " actions=set_field:" + (4096 + 1031) + "->vlan_vid,goto_table:1"));
        assertTrue(node2.dumpFlows("br-eth1").contains("dl_vlan=" + tag2 + " actions=set_field:" + (4096 + 1031)
                + "->vlan_vid,goto_table:1"));
        assertTrue(node1.dumpFlows("br-int").contains("dl_vlan=1031 actions=set_field:" + (4096 + Integer.parseInt(tag1))
                + "->vlan_vid,goto_table:60"));

        // flat: untagged on br-ex
        String tagf = node1.vsctl("get", "Port", "tapf1", "tag");
        Eventually.await("node1 br-ex flat translation", CONVERGE, () -> node1.dumpFlows("br-ex"),
                s -> s.contains("dl_vlan=" + tagf + " actions=pop_vlan,goto_table:1"));
        assertTrue(node1.dumpFlows("br-int").contains("vlan_tci=0x0000/0x1fff actions=push_vlan:0x8100,set_field:"
                + (4096 + Integer.parseInt(tagf)) + "->vlan_vid,goto_table:60"));
    }

    @Test
    void arpForARemotePortIsAnsweredOnTheNodeAndSpoofingRulesFollowThePort() throws Exception {
        for (OvsNode n : new OvsNode[] {node1, node2}) {
            Eventually.await(n.name + " bridges", CONVERGE, () -> n.vsctl("list-br"), s -> s.contains("br-int"));
        }
        JsonNode net = rest.post("networks", "network", "{\"name\": \"vx\"}");
        JsonNode sub = cloud.subnet(net, "10.0.0.0/24");
        JsonNode p1 = cloud.port(net);
        JsonNode p2 = cloud.port(net);
        Cloud.plug(node1, "br-int", "tap1", p1);
        Cloud.plug(node2, "br-int", "tap2", p2);
        cloud.awaitPort(p1, "ACTIVE", null);
        cloud.awaitPort(p2, "ACTIVE", null);
        String mac1 = p1.get("mac_address").asText();
        String mac2 = p2.get("mac_address").asText();
        String ip1 = Cloud.ip(p1);
        String ip2 = Cloud.ip(p2);

        // an ARP request for VM2 from VM1 comes back to VM1 as VM2's reply, and never reaches a tunnel
        String arp = "in_port=tap1,arp,arp_op=1,dl_src=" + mac1 + ",dl_dst=ff:ff:ff:ff:ff:ff,arp_spa=" + ip1
                + ",arp_tpa=" + ip2 + ",arp_sha=" + mac1;
        String answered = Eventually.await("ARP answered on node1", CONVERGE, () -> node1.trace("br-int", arp),
                t -> OvsNode.datapathActions(t).contains("arp(sip=" + ip2));
        String actions = OvsNode.datapathActions(answered);
        String reply = "set(eth(src=" + mac2 + ",dst=" + mac1 + ")),set(arp(sip=" + ip2 + ",tip=" + ip1
                + ",op=2,sha=" + mac2 + ",tha=" + mac1 + "))";
        assertTrue(actions.contains(reply), answered);
        // the reply goes back out of VM1's port (untagged); br-int's own port gets flooded copies, no tunnel does
        String afterReply = actions.substring(actions.indexOf(reply) + reply.length());
        assertTrue(List.of(afterReply.split(",")).contains(node1.odpPort("tap1")), answered);
        assertFalse(actions.contains("tnl_push"), answered);
        // an unknown IP floods to node2 (this test has no underlay, so the trace stops at the tunnel)
        String unknown = node1.trace("br-int", arp.replace("arp_tpa=" + ip2, "arp_tpa=10.0.0.250"));
        assertTrue(unknown.contains("21. priority 0") && unknown.contains("-> output to native tunnel"), unknown);

        // a forged sender address is dropped at table 24, the real one passes
        assertEquals("drop", OvsNode.datapathActions(node1.trace("br-int", arp.replace("arp_spa=" + ip1, "arp_spa=10.0.0.99"))));
        // the port gets a new address: the rules follow, here and in node2's responder
        rest.put("ports/" + p1.get("id").asText(), "port", "{\"fixed_ips\": [{\"subnet_id\": \""
                + sub.get("id").asText() + "\", \"ip_address\": \"10.0.0.99\"}]}");
        Eventually.await("new address allowed", CONVERGE, () -> OvsNode.datapathActions(
                node1.trace("br-int", arp.replace("arp_spa=" + ip1, "arp_spa=10.0.0.99"))), a -> !a.equals("drop"));
        assertEquals("drop", OvsNode.datapathActions(node1.trace("br-int", arp)), "the old address is no longer allowed");
        Eventually.await("node2 answers for the new address", CONVERGE, () -> node2.dumpFlows("br-tun"),
                s -> s.contains("arp_tpa=10.0.0.99") && !s.contains("arp_tpa=" + ip1 + " "));

        // an allowed address pair opens that address too
        rest.put("ports/" + p1.get("id").asText(), "port", "{\"allowed_address_pairs\": [{\"ip_address\": \"10.0.0.77\"}]}");
        Eventually.await("pair allowed", CONVERGE, () -> OvsNode.datapathActions(
                node1.trace("br-int", arp.replace("arp_spa=" + ip1, "arp_spa=10.0.0.77"))), a -> !a.equals("drop"));

        // admin_state_up=false: dead VLAN, dropped, DOWN, and node2 forgets it; true restores it
        rest.put("ports/" + p1.get("id").asText(), "port", "{\"admin_state_up\": false}");
        Eventually.await("dead VLAN", CONVERGE, () -> node1.vsctl("get", "Port", "tap1", "tag"), "4095"::equals);
        cloud.awaitPort(p1, "DOWN", null);
        Eventually.await("node2 withdraws its MAC", CONVERGE, () -> node2.dumpFlows("br-tun"), s -> !s.contains(mac1));
        assertEquals("drop", OvsNode.datapathActions(node1.trace("br-int",
                "in_port=tap1,dl_src=" + mac1 + ",dl_dst=ff:ff:ff:ff:ff:ff,dl_type=0x0800")));
        rest.put("ports/" + p1.get("id").asText(), "port", "{\"admin_state_up\": true}");
        cloud.awaitPort(p1, "ACTIVE", null);
        Eventually.await("node2 learns it again", CONVERGE, () -> node2.dumpFlows("br-tun"), s -> s.contains(mac1));
        assertFalse(node1.vsctl("get", "Port", "tap1", "tag").equals("4095"));
    }
}
