package dev.muon.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Trunks ("VLAN aware VMs", seed 000) on real userspace Open vSwitch nodes: the VM plugged
 * into {@code tbr-…} as os-vif plugs it, or the bridge made by Muon first for a bound parent;
 * the patch pairs, their tags and external_ids as Neutron's driver makes them; where frames go
 * ({@code ofproto/trace} through tbr, the patch ports and br-int); statuses; subports added and
 * removed live; the trunk deleted with nothing left behind.
 */
@Tag("integration")
class TrunkIT {
    private static final Duration CONVERGE = Cloud.CONVERGE;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Cloud cloud;
    private OvsNode node1;
    private OvsNode node2;
    private Rest rest;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        cloud = Cloud.start("trunk-it");
        rest = cloud.rest;
        node1 = cloud.joinedNode("node1", "192.168.1.11");
        node2 = cloud.joinedNode("node2", "192.168.1.12");
    }

    @AfterEach
    void tearDown() throws Exception {
        cloud.close();
    }

    @Test
    void aVmPluggedIntoItsTrunkBridgeTalksOnEachVlanToItsNetworkOnly() throws Exception {
        JsonNode trunkNet = network("trunk", "192.168.100.0/24");
        JsonNode net1 = network("net1", "192.168.10.0/24");
        JsonNode net2 = network("net2", "192.168.20.0/24");
        JsonNode net3 = network("net3", "192.168.30.0/24");
        JsonNode parent = cloud.port(trunkNet);
        JsonNode s1 = cloud.port(net1);
        JsonNode s2 = cloud.port(net2);
        JsonNode s3 = cloud.port(net3);
        // plain VMs on node1, one per network, to see where the trunk VM's frames go
        JsonNode x1 = cloud.port(net1);
        JsonNode x2 = cloud.port(net2);
        JsonNode x3 = cloud.port(net3);
        JsonNode xt = cloud.port(trunkNet);
        Cloud.plug(node1, "br-int", "tapx1", x1);
        Cloud.plug(node1, "br-int", "tapx2", x2);
        Cloud.plug(node1, "br-int", "tapx3", x3);
        Cloud.plug(node1, "br-int", "tapxt", xt);
        for (JsonNode p : List.of(x1, x2, x3, xt)) {
            cloud.awaitPort(p, "ACTIVE", "node1");
        }
        // node2 has no port: its bridges may still be being programmed when node1's ports are ACTIVE
        Eventually.await("node2's br-int and br-tun programmed", CONVERGE,
                () -> flowsOf(node2, "br-int") + flowsOf(node2, "br-tun"),
                f -> f.contains("table=23") && f.contains("table=22"));
        String before1 = flowsOf(node1, "br-int") + flowsOf(node1, "br-tun");
        String before2 = flowsOf(node2, "br-int") + flowsOf(node2, "br-tun");
        Set<String> portsBefore = lines(node1.vsctl("list-ports", "br-int"));

        JsonNode trunk = rest.post("trunks", "trunk", "{\"name\": \"trunk-net\", \"port_id\": \"" + Cloud.id(parent)
                + "\", \"sub_ports\": [" + sub(s1, 1100) + ", " + sub(s2, 1200) + "]}");
        assertEquals("DOWN", trunk.get("status").asText());
        String tbr = "tbr-" + Cloud.id(trunk).substring(0, 10);
        String tpi = "tpi-" + Cloud.id(parent).substring(0, 11);
        String tpt = "tpt-" + Cloud.id(parent).substring(0, 11);
        String spi1 = "spi-" + Cloud.id(s1).substring(0, 11);
        String spt1 = "spt-" + Cloud.id(s1).substring(0, 11);
        String spi2 = "spi-" + Cloud.id(s2).substring(0, 11);
        String spt2 = "spt-" + Cloud.id(s2).substring(0, 11);

        // os-vif: the trunk bridge, then the VM's interface on it
        node1.vsctl("add-br", tbr, "--", "set", "Bridge", tbr, "datapath_type=netdev");
        Cloud.plug(node1, tbr, "tapvm", parent);

        Eventually.await("trunk ACTIVE", CONVERGE, () -> trunkStatus(trunk), "ACTIVE"::equals);
        cloud.awaitPort(parent, "ACTIVE", "node1");
        cloud.awaitPort(s1, "ACTIVE", "node1");
        cloud.awaitPort(s2, "ACTIVE", "node1");
        assertEquals(Set.of("tapvm", tpt, spt1, spt2), lines(node1.vsctl("list-ports", tbr)));
        assertEquals("secure", node1.vsctl("get", "Bridge", tbr, "fail_mode"));
        assertEquals("\"true\"", node1.vsctl("get", "Bridge", tbr, "external_ids:muon-ephemeral"));
        assertEquals("[]", node1.vsctl("get", "Port", tpt, "tag"), "the parent's traffic is untagged");
        assertEquals("1100", node1.vsctl("get", "Port", spt1, "tag"));
        assertEquals("1200", node1.vsctl("get", "Port", spt2, "tag"));
        assertEquals(tpi, node1.vsctl("get", "Interface", tpt, "options:peer").replace("\"", ""));
        assertEquals(Cloud.id(s1), node1.vsctl("get", "Interface", spi1, "external_ids:iface-id").replace("\"", ""));
        assertEquals(Cloud.mac(s1), node1.vsctl("get", "Interface", spi1, "external_ids:attached-mac").replace("\"", ""));
        assertEquals(Cloud.mac(parent), node1.vsctl("get", "Interface", tpi, "external_ids:attached-mac")
                .replace("\"", ""));
        // the br-int ends carry their networks' local VLANs, the same as a plain VM on that network
        Eventually.await("spi tagged", CONVERGE, () -> node1.vsctl("get", "Port", spi1, "tag"),
                t -> !t.equals("4095") && !t.equals("[]"));
        assertEquals(node1.vsctl("get", "Port", "tapx1", "tag"), node1.vsctl("get", "Port", spi1, "tag"));
        assertEquals(node1.vsctl("get", "Port", "tapx2", "tag"), node1.vsctl("get", "Port", spi2, "tag"));
        assertEquals(node1.vsctl("get", "Port", "tapxt", "tag"), node1.vsctl("get", "Port", tpi, "tag"));

        // a broadcast from the VM on VLAN 1100 reaches net1 only, untagged; untagged reaches the trunk network
        String bcast = ",dl_dst=ff:ff:ff:ff:ff:ff,dl_type=0x0800";
        String tapx1 = node1.odpPort("tapx1");
        String v1100 = Eventually.await("VLAN 1100 wired", CONVERGE, () -> OvsNode.datapathActions(node1.trace(tbr,
                "in_port=tapvm,dl_vlan=1100,dl_src=" + Cloud.mac(s1) + bcast)), a -> a.contains(tapx1));
        assertReachesOnly(v1100, "tapx1");
        assertReachesOnly(OvsNode.datapathActions(node1.trace(tbr, "in_port=tapvm,dl_vlan=1200,dl_src=" + Cloud.mac(s2) + bcast)),
                "tapx2");
        // (the parent is filtered by its security groups, subports are not: ARP, which the firewall passes
        // without conntrack and from the port's own address, keeps ofproto/trace's first datapath actions whole)
        assertReachesOnly(OvsNode.datapathActions(node1.trace(tbr, "in_port=tapvm,dl_src=" + Cloud.mac(parent)
                + ",dl_dst=ff:ff:ff:ff:ff:ff,arp,arp_op=1,arp_spa=" + Cloud.ip(parent) + ",arp_tpa=" + Cloud.ip(xt)
                + ",arp_sha=" + Cloud.mac(parent))), "tapxt");
        // a VLAN that is no subport's, and a subport's VLAN with another port's MAC, go nowhere
        assertEquals("drop", OvsNode.datapathActions(node1.trace(tbr, "in_port=tapvm,dl_vlan=1300,dl_src=" + Cloud.mac(s3)
                + bcast)));
        assertEquals("drop", OvsNode.datapathActions(node1.trace(tbr, "in_port=tapvm,dl_vlan=1100,dl_src=" + Cloud.mac(parent)
                + bcast)), "anti-spoofing applies to the subport");
        // and back: a frame for the subport arrives at the VM tagged 1100
        String back = OvsNode.datapathActions(node1.trace("br-int", "in_port=tapx1" + arpReply(x1, s1)));
        assertEquals("1100", vlanOut(back, node1.odpPort("tapvm")), back);
        String backParent = OvsNode.datapathActions(node1.trace("br-int", "in_port=tapxt" + arpReply(xt, parent)));
        assertEquals("untagged", vlanOut(backParent, node1.odpPort("tapvm")), backParent);
        // a subport is a VIF like any other: its DHCP goes to the controller
        assertTrue(flowsOf(node1, "br-int").contains("udp,in_port=" + ofport(node1, spi1)
                + ",tp_src=68,tp_dst=67 actions=meter:" + ofport(node1, spi1) + ",CONTROLLER:65535"));

        // add_subports on the live trunk: VLAN 1300 works at once
        JsonNode added = action(trunk, "add_subports", "{\"sub_ports\": [" + sub(s3, 1300) + "]}");
        assertEquals(3, added.get("sub_ports").size());
        String spi3 = "spi-" + Cloud.id(s3).substring(0, 11);
        String tapx3 = node1.odpPort("tapx3");
        Eventually.await("VLAN 1300 wired", CONVERGE, () -> OvsNode.datapathActions(node1.trace(tbr,
                "in_port=tapvm,dl_vlan=1300,dl_src=" + Cloud.mac(s3) + bcast)), a -> a.contains(tapx3));
        cloud.awaitPort(s3, "ACTIVE", "node1");
        assertEquals("1300", node1.vsctl("get", "Port", "spt-" + Cloud.id(s3).substring(0, 11), "tag"));
        assertTrue(lines(node1.vsctl("list-ports", "br-int")).contains(spi3));

        // remove_subports: VLAN 1100 stops, its ports and flows go, the subport is DOWN
        action(trunk, "remove_subports", "{\"sub_ports\": [{\"port_id\": \"" + Cloud.id(s1) + "\"}]}");
        Eventually.await("VLAN 1100 gone", CONVERGE, () -> OvsNode.datapathActions(node1.trace(tbr,
                "in_port=tapvm,dl_vlan=1100,dl_src=" + Cloud.mac(s1) + bcast)), "drop"::equals);
        Eventually.await("spi1/spt1 gone", CONVERGE, () -> node1.vsctl("list-ports", "br-int")
                + node1.vsctl("list-ports", tbr), s -> !s.contains(spi1) && !s.contains(spt1));
        cloud.awaitPort(s1, "DOWN", null);
        Eventually.await("trunk still ACTIVE", CONVERGE, () -> trunkStatus(trunk), "ACTIVE"::equals);

        // delete the trunk with the VM still plugged: only the VM's interface stays, isolated, no flow
        rest.delete("trunks/" + Cloud.id(trunk));
        Eventually.await("tbr emptied", CONVERGE, () -> lines(node1.vsctl("list-ports", tbr)),
                s -> s.equals(Set.of("tapvm")));
        Eventually.await("tbr flows gone", CONVERGE, () -> flowsOf(node1, tbr), String::isEmpty);
        Eventually.await("br-int patch ports gone", CONVERGE, () -> lines(node1.vsctl("list-ports", "br-int")),
                portsBefore::equals);
        cloud.awaitPort(parent, "DOWN", null);
        assertEquals("drop", OvsNode.datapathActions(node1.trace(tbr, "in_port=tapvm,dl_src=" + Cloud.mac(parent) + bcast)));

        // os-vif unplugs the VM and deletes the bridge: both nodes hold exactly the flows they held before
        node1.vsctl("del-br", tbr);
        Eventually.await("node1 flows as before the trunk", CONVERGE,
                () -> flowsOf(node1, "br-int") + flowsOf(node1, "br-tun"), before1::equals);
        assertEquals(before2, flowsOf(node2, "br-int") + flowsOf(node2, "br-tun"));
        assertFalse(lines(node1.vsctl("list-br")).contains(tbr));
    }

    @Test
    void muonMakesTheTrunkBridgeForABoundParentAndDegradesATrunkWhoseSubportCannotBeCarried() throws Exception {
        JsonNode trunkNet = network("trunk", "192.168.100.0/24");
        JsonNode net1 = network("net1", "192.168.10.0/24");
        JsonNode parent = cloud.port(trunkNet);
        JsonNode s1 = cloud.port(net1);
        JsonNode trunk = rest.post("trunks", "trunk", "{\"port_id\": \"" + Cloud.id(parent) + "\", \"sub_ports\": ["
                + sub(s1, 1100) + "]}");
        String tbr = "tbr-" + Cloud.id(trunk).substring(0, 10);

        // Nova binds the parent to node1 before plugging: Muon makes the bridge, secure and empty
        rest.put("ports/" + Cloud.id(parent), "port", "{\"binding:host_id\": \"node1\"}");
        Eventually.await("tbr made by Muon", CONVERGE, () -> node1.vsctl("list-br"), s -> s.contains(tbr));
        assertEquals("secure", node1.vsctl("get", "Bridge", tbr, "fail_mode"));
        assertEquals(Set.of(), lines(node1.vsctl("list-ports", tbr)), "no patch pair before the VM");
        Eventually.await("tbr programmed", CONVERGE, () -> flowsOf(node1, tbr),
                f -> f.equals("table=0, priority=0 actions=drop"));
        assertFalse(node2.vsctl("list-br").contains(tbr));
        assertEquals("DOWN", trunkStatus(trunk));

        // os-vif plugs into the existing bridge
        Cloud.plug(node1, tbr, "tapvm", parent);
        Eventually.await("trunk ACTIVE", CONVERGE, () -> trunkStatus(trunk), "ACTIVE"::equals);
        cloud.awaitPort(s1, "ACTIVE", "node1");

        // a subport on a VLAN network node1 has no bridge mapping for: wired, parked, the trunk DEGRADED
        JsonNode far = rest.post("networks", "network", "{\"name\": \"far\", \"provider:network_type\": \"vlan\","
                + " \"provider:physical_network\": \"physnet9\", \"provider:segmentation_id\": 1999, \"mtu\": 1450}");
        cloud.subnet(far, "192.168.90.0/24");
        JsonNode s9 = cloud.port(far);
        action(trunk, "add_subports", "{\"sub_ports\": [" + sub(s9, 1900) + "]}");
        Eventually.await("trunk DEGRADED", CONVERGE, () -> trunkStatus(trunk), "DEGRADED"::equals);
        assertEquals("4095", node1.vsctl("get", "Port", "spi-" + Cloud.id(s9).substring(0, 11), "tag"));
        action(trunk, "remove_subports", "{\"sub_ports\": [{\"port_id\": \"" + Cloud.id(s9) + "\"}]}");
        Eventually.await("trunk ACTIVE again", CONVERGE, () -> trunkStatus(trunk), "ACTIVE"::equals);

        // the VM goes (the bridge stays, the parent is still bound here), then the trunk: the bridge goes too
        node1.vsctl("del-port", tbr, "tapvm");
        Eventually.await("trunk DOWN", CONVERGE, () -> trunkStatus(trunk), "DOWN"::equals);
        Eventually.await("patch pairs gone", CONVERGE, () -> node1.vsctl("list-ports", "br-int"),
                s -> !s.contains("tpi-") && !s.contains("spi-"));
        assertEquals(Set.of(), lines(node1.vsctl("list-ports", tbr)));
        rest.delete("trunks/" + Cloud.id(trunk));
        Eventually.await("tbr deleted", CONVERGE, () -> node1.vsctl("list-br"), s -> !s.contains(tbr));
    }

    // --- helpers ---

    private JsonNode network(String name, String cidr) throws Exception {
        JsonNode net = cloud.network(name);
        cloud.subnet(net, cidr);
        return net;
    }

    private static String sub(JsonNode port, int vlan) {
        return "{\"port_id\": \"" + Cloud.id(port) + "\", \"segmentation_type\": \"vlan\", \"segmentation_id\": " + vlan + "}";
    }

    private String trunkStatus(JsonNode trunk) throws Exception {
        return rest.get("trunks/" + Cloud.id(trunk)).get("trunk").get("status").asText();
    }

    /** PUT /v2.0/trunks/{id}/{action}: Neutron answers with the trunk itself, not wrapped. */
    private JsonNode action(JsonNode trunk, String action, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cloud.restPort + "/v2.0/trunks/"
                        + Cloud.id(trunk) + "/" + action))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** The bridge's flows, one per line, without counters (so two dumps compare equal). */
    private static String flowsOf(OvsNode node, String bridge) throws IOException {
        return node.dumpFlows(bridge).lines()
                .filter(l -> l.startsWith(" "))
                .map(l -> l.trim().replaceAll("(cookie|duration|n_packets|n_bytes|idle_age|hard_age)=[^ ]*, ", ""))
                .sorted().collect(Collectors.joining("\n"));
    }

    private static int ofport(OvsNode node, String iface) throws IOException {
        return Integer.parseInt(node.vsctl("get", "Interface", iface, "ofport"));
    }

    private static Set<String> lines(String text) {
        return text.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(text.split("\n")));
    }

    /** The datapath actions output to {@code expected} and to none of the other plain VMs. */
    private void assertReachesOnly(String actions, String expected) throws IOException {
        List<String> outputs = List.of(actions.split(","));
        for (String vm : List.of("tapx1", "tapx2", "tapx3", "tapxt")) {
            assertEquals(vm.equals(expected), outputs.contains(node1.odpPort(vm)), vm + " in " + actions);
        }
    }

    /**
     * The VLAN a frame leaves datapath port {@code port} with, following the push/pop/set of
     * the datapath actions in order: a VLAN id, "untagged", or "not output" when it is not.
     */
    private static String vlanOut(String actions, String port) {
        String vlan = "untagged";
        // commas inside "push_vlan(vid=1100,pcp=0)" do not separate actions
        String flat = java.util.regex.Pattern.compile("\\([^)]*\\)").matcher(actions)
                .replaceAll(m -> m.group().replace(',', ';'));
        for (String a : flat.split(",")) {
            if (a.startsWith("push_vlan(")) {
                vlan = a.replaceAll(".*vid=(\\d+).*", "$1");
            } else if (a.equals("pop_vlan")) {
                vlan = "untagged";
            } else if (a.equals(port)) {
                return vlan;
            }
        }
        return "not output";
    }

    /** An ARP reply from one port to another, each with its own MAC and address (what the firewall lets out of a VM). */
    private static String arpReply(JsonNode from, JsonNode to) {
        return ",dl_src=" + Cloud.mac(from) + ",dl_dst=" + Cloud.mac(to) + ",arp,arp_op=2,arp_spa=" + Cloud.ip(from)
                + ",arp_tpa=" + Cloud.ip(to) + ",arp_sha=" + Cloud.mac(from) + ",arp_tha=" + Cloud.mac(to);
    }
}
