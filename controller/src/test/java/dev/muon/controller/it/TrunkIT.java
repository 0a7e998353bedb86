package dev.muon.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muon.controller.MuonConfig;
import dev.muon.controller.MuonController;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path work;
    private int restPort;
    private int ofPort;
    private int ovsdbPort;
    private MuonController controller;
    private OvsNode node1;
    private OvsNode node2;
    private Rest rest;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createTempDirectory("muon-trunk-it");
        restPort = freePort();
        ofPort = freePort();
        ovsdbPort = freePort();
        controller = startController();
        rest = new Rest(restPort);
        node1 = OvsNode.start("node1", work, ofPort);
        node2 = OvsNode.start("node2", work, ofPort);
        node1.join(ovsdbPort, "192.168.1.11");
        node2.join(ovsdbPort, "192.168.1.12");
        for (OvsNode n : new OvsNode[] {node1, node2}) {
            Eventually.await(n.name + " br-int", CONVERGE, () -> n.vsctl("list-br"), s -> s.contains("br-int"));
        }
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
    }

    @Test
    void aVmPluggedIntoItsTrunkBridgeTalksOnEachVlanToItsNetworkOnly() throws Exception {
        JsonNode trunkNet = network("trunk", "192.168.100.0/24");
        JsonNode net1 = network("net1", "192.168.10.0/24");
        JsonNode net2 = network("net2", "192.168.20.0/24");
        JsonNode net3 = network("net3", "192.168.30.0/24");
        JsonNode parent = port(trunkNet);
        JsonNode s1 = port(net1);
        JsonNode s2 = port(net2);
        JsonNode s3 = port(net3);
        // plain VMs on node1, one per network, to see where the trunk VM's frames go
        JsonNode x1 = port(net1);
        JsonNode x2 = port(net2);
        JsonNode x3 = port(net3);
        JsonNode xt = port(trunkNet);
        plug(node1, "br-int", "tapx1", x1);
        plug(node1, "br-int", "tapx2", x2);
        plug(node1, "br-int", "tapx3", x3);
        plug(node1, "br-int", "tapxt", xt);
        for (JsonNode p : List.of(x1, x2, x3, xt)) {
            awaitPort(p, "ACTIVE", "node1");
        }
        String before1 = flowsOf(node1, "br-int") + flowsOf(node1, "br-tun");
        String before2 = flowsOf(node2, "br-int") + flowsOf(node2, "br-tun");
        Set<String> portsBefore = lines(node1.vsctl("list-ports", "br-int"));

        JsonNode trunk = rest.post("trunks", "trunk", "{\"name\": \"trunk-net\", \"port_id\": \"" + id(parent)
                + "\", \"sub_ports\": [" + sub(s1, 1100) + ", " + sub(s2, 1200) + "]}");
        assertEquals("DOWN", trunk.get("status").asText());
        String tbr = "tbr-" + id(trunk).substring(0, 10);
        String tpi = "tpi-" + id(parent).substring(0, 11);
        String tpt = "tpt-" + id(parent).substring(0, 11);
        String spi1 = "spi-" + id(s1).substring(0, 11);
        String spt1 = "spt-" + id(s1).substring(0, 11);
        String spi2 = "spi-" + id(s2).substring(0, 11);
        String spt2 = "spt-" + id(s2).substring(0, 11);

        // os-vif: the trunk bridge, then the VM's interface on it
        node1.vsctl("add-br", tbr, "--", "set", "Bridge", tbr, "datapath_type=netdev");
        plug(node1, tbr, "tapvm", parent);

        Eventually.await("trunk ACTIVE", CONVERGE, () -> trunkStatus(trunk), "ACTIVE"::equals);
        awaitPort(parent, "ACTIVE", "node1");
        awaitPort(s1, "ACTIVE", "node1");
        awaitPort(s2, "ACTIVE", "node1");
        assertEquals(Set.of("tapvm", tpt, spt1, spt2), lines(node1.vsctl("list-ports", tbr)));
        assertEquals("secure", node1.vsctl("get", "Bridge", tbr, "fail_mode"));
        assertEquals("\"true\"", node1.vsctl("get", "Bridge", tbr, "external_ids:muon-ephemeral"));
        assertEquals("[]", node1.vsctl("get", "Port", tpt, "tag"), "the parent's traffic is untagged");
        assertEquals("1100", node1.vsctl("get", "Port", spt1, "tag"));
        assertEquals("1200", node1.vsctl("get", "Port", spt2, "tag"));
        assertEquals(tpi, node1.vsctl("get", "Interface", tpt, "options:peer").replace("\"", ""));
        assertEquals(id(s1), node1.vsctl("get", "Interface", spi1, "external_ids:iface-id").replace("\"", ""));
        assertEquals(mac(s1), node1.vsctl("get", "Interface", spi1, "external_ids:attached-mac").replace("\"", ""));
        assertEquals(mac(parent), node1.vsctl("get", "Interface", tpi, "external_ids:attached-mac")
                .replace("\"", ""));
        // the br-int ends carry their networks' local VLANs, the same as a plain VM on that network
        Eventually.await("spi tagged", CONVERGE, () -> node1.vsctl("get", "Port", spi1, "tag"),
                t -> !t.equals("4095") && !t.equals("[]"));
        assertEquals(node1.vsctl("get", "Port", "tapx1", "tag"), node1.vsctl("get", "Port", spi1, "tag"));
        assertEquals(node1.vsctl("get", "Port", "tapx2", "tag"), node1.vsctl("get", "Port", spi2, "tag"));
        assertEquals(node1.vsctl("get", "Port", "tapxt", "tag"), node1.vsctl("get", "Port", tpi, "tag"));

        // a broadcast from the VM on VLAN 1100 reaches net1 only, untagged; untagged reaches the trunk network
        String bcast = ",dl_dst=ff:ff:ff:ff:ff:ff,dl_type=0x0800";
        String tapx1 = odp(node1, "tapx1");
        String v1100 = Eventually.await("VLAN 1100 wired", CONVERGE, () -> datapathActions(trace(node1, tbr,
                "in_port=tapvm,dl_vlan=1100,dl_src=" + mac(s1) + bcast)), a -> a.contains(tapx1));
        assertReachesOnly(v1100, "tapx1");
        assertReachesOnly(datapathActions(trace(node1, tbr, "in_port=tapvm,dl_vlan=1200,dl_src=" + mac(s2) + bcast)),
                "tapx2");
        assertReachesOnly(datapathActions(trace(node1, tbr, "in_port=tapvm,dl_src=" + mac(parent) + bcast)), "tapxt");
        // a VLAN that is no subport's, and a subport's VLAN with another port's MAC, go nowhere
        assertEquals("drop", datapathActions(trace(node1, tbr, "in_port=tapvm,dl_vlan=1300,dl_src=" + mac(s3)
                + bcast)));
        assertEquals("drop", datapathActions(trace(node1, tbr, "in_port=tapvm,dl_vlan=1100,dl_src=" + mac(parent)
                + bcast)), "anti-spoofing applies to the subport");
        // and back: a frame for the subport arrives at the VM tagged 1100
        String back = datapathActions(trace(node1, "br-int", "in_port=tapx1,dl_src=" + mac(x1) + ",dl_dst="
                + mac(s1) + ",dl_type=0x0800"));
        assertEquals("1100", vlanOut(back, odp(node1, "tapvm")), back);
        String backParent = datapathActions(trace(node1, "br-int", "in_port=tapxt,dl_src=" + mac(xt) + ",dl_dst="
                + mac(parent) + ",dl_type=0x0800"));
        assertEquals("untagged", vlanOut(backParent, odp(node1, "tapvm")), backParent);
        // a subport is a VIF like any other: its DHCP goes to the controller
        assertTrue(flowsOf(node1, "br-int").contains("udp,in_port=" + ofport(node1, spi1)
                + ",tp_src=68,tp_dst=67 actions=CONTROLLER:65535"));

        // add_subports on the live trunk: VLAN 1300 works at once
        JsonNode added = action(trunk, "add_subports", "{\"sub_ports\": [" + sub(s3, 1300) + "]}");
        assertEquals(3, added.get("sub_ports").size());
        String spi3 = "spi-" + id(s3).substring(0, 11);
        String tapx3 = odp(node1, "tapx3");
        Eventually.await("VLAN 1300 wired", CONVERGE, () -> datapathActions(trace(node1, tbr,
                "in_port=tapvm,dl_vlan=1300,dl_src=" + mac(s3) + bcast)), a -> a.contains(tapx3));
        awaitPort(s3, "ACTIVE", "node1");
        assertEquals("1300", node1.vsctl("get", "Port", "spt-" + id(s3).substring(0, 11), "tag"));
        assertTrue(lines(node1.vsctl("list-ports", "br-int")).contains(spi3));

        // remove_subports: VLAN 1100 stops, its ports and flows go, the subport is DOWN
        action(trunk, "remove_subports", "{\"sub_ports\": [{\"port_id\": \"" + id(s1) + "\"}]}");
        Eventually.await("VLAN 1100 gone", CONVERGE, () -> datapathActions(trace(node1, tbr,
                "in_port=tapvm,dl_vlan=1100,dl_src=" + mac(s1) + bcast)), "drop"::equals);
        Eventually.await("spi1/spt1 gone", CONVERGE, () -> node1.vsctl("list-ports", "br-int")
                + node1.vsctl("list-ports", tbr), s -> !s.contains(spi1) && !s.contains(spt1));
        awaitPort(s1, "DOWN", null);
        Eventually.await("trunk still ACTIVE", CONVERGE, () -> trunkStatus(trunk), "ACTIVE"::equals);

        // delete the trunk with the VM still plugged: only the VM's interface stays, isolated, no flow
        rest.delete("trunks/" + id(trunk));
        Eventually.await("tbr emptied", CONVERGE, () -> lines(node1.vsctl("list-ports", tbr)),
                s -> s.equals(Set.of("tapvm")));
        Eventually.await("tbr flows gone", CONVERGE, () -> flowsOf(node1, tbr), String::isEmpty);
        Eventually.await("br-int patch ports gone", CONVERGE, () -> lines(node1.vsctl("list-ports", "br-int")),
                portsBefore::equals);
        awaitPort(parent, "DOWN", null);
        assertEquals("drop", datapathActions(trace(node1, tbr, "in_port=tapvm,dl_src=" + mac(parent) + bcast)));

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
        JsonNode parent = port(trunkNet);
        JsonNode s1 = port(net1);
        JsonNode trunk = rest.post("trunks", "trunk", "{\"port_id\": \"" + id(parent) + "\", \"sub_ports\": ["
                + sub(s1, 1100) + "]}");
        String tbr = "tbr-" + id(trunk).substring(0, 10);

        // Nova binds the parent to node1 before plugging: Muon makes the bridge, secure and empty
        rest.put("ports/" + id(parent), "port", "{\"binding:host_id\": \"node1\"}");
        Eventually.await("tbr made by Muon", CONVERGE, () -> node1.vsctl("list-br"), s -> s.contains(tbr));
        assertEquals("secure", node1.vsctl("get", "Bridge", tbr, "fail_mode"));
        assertEquals(Set.of(), lines(node1.vsctl("list-ports", tbr)), "no patch pair before the VM");
        Eventually.await("tbr programmed", CONVERGE, () -> flowsOf(node1, tbr),
                f -> f.equals("table=0, priority=0 actions=drop"));
        assertFalse(node2.vsctl("list-br").contains(tbr));
        assertEquals("DOWN", trunkStatus(trunk));

        // os-vif plugs into the existing bridge
        plug(node1, tbr, "tapvm", parent);
        Eventually.await("trunk ACTIVE", CONVERGE, () -> trunkStatus(trunk), "ACTIVE"::equals);
        awaitPort(s1, "ACTIVE", "node1");

        // a subport on a VLAN network node1 has no bridge mapping for: wired, parked, the trunk DEGRADED
        JsonNode far = rest.post("networks", "network", "{\"name\": \"far\", \"provider:network_type\": \"vlan\","
                + " \"provider:physical_network\": \"physnet9\", \"provider:segmentation_id\": 1999, \"mtu\": 1450}");
        subnet(far, "192.168.90.0/24");
        JsonNode s9 = port(far);
        action(trunk, "add_subports", "{\"sub_ports\": [" + sub(s9, 1900) + "]}");
        Eventually.await("trunk DEGRADED", CONVERGE, () -> trunkStatus(trunk), "DEGRADED"::equals);
        assertEquals("4095", node1.vsctl("get", "Port", "spi-" + id(s9).substring(0, 11), "tag"));
        action(trunk, "remove_subports", "{\"sub_ports\": [{\"port_id\": \"" + id(s9) + "\"}]}");
        Eventually.await("trunk ACTIVE again", CONVERGE, () -> trunkStatus(trunk), "ACTIVE"::equals);

        // the VM goes (the bridge stays, the parent is still bound here), then the trunk: the bridge goes too
        node1.vsctl("del-port", tbr, "tapvm");
        Eventually.await("trunk DOWN", CONVERGE, () -> trunkStatus(trunk), "DOWN"::equals);
        Eventually.await("patch pairs gone", CONVERGE, () -> node1.vsctl("list-ports", "br-int"),
                s -> !s.contains("tpi-") && !s.contains("spi-"));
        assertEquals(Set.of(), lines(node1.vsctl("list-ports", tbr)));
        rest.delete("trunks/" + id(trunk));
        Eventually.await("tbr deleted", CONVERGE, () -> node1.vsctl("list-br"), s -> !s.contains(tbr));
    }

    // --- helpers ---

    private JsonNode network(String name, String cidr) throws Exception {
        JsonNode net = rest.post("networks", "network", "{\"name\": \"" + name + "\"}");
        subnet(net, cidr);
        return net;
    }

    private void subnet(JsonNode net, String cidr) throws Exception {
        rest.post("subnets", "subnet", "{\"network_id\": \"" + id(net) + "\", \"cidr\": \"" + cidr
                + "\", \"ip_version\": 4}");
    }

    private JsonNode port(JsonNode net) throws Exception {
        return rest.post("ports", "port", "{\"network_id\": \"" + id(net) + "\"}");
    }

    private static String sub(JsonNode port, int vlan) {
        return "{\"port_id\": \"" + id(port) + "\", \"segmentation_type\": \"vlan\", \"segmentation_id\": " + vlan + "}";
    }

    private static String id(JsonNode n) {
        return n.get("id").asText();
    }

    private static String mac(JsonNode port) {
        return port.get("mac_address").asText();
    }

    private String trunkStatus(JsonNode trunk) throws Exception {
        return rest.get("trunks/" + id(trunk)).get("trunk").get("status").asText();
    }

    /** PUT /v2.0/trunks/{id}/{action}: Neutron answers with the trunk itself, not wrapped. */
    private JsonNode action(JsonNode trunk, String action, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/v2.0/trunks/"
                        + id(trunk) + "/" + action))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private void awaitPort(JsonNode port, String status, String host) throws Exception {
        Eventually.await("port " + id(port) + " " + status + " on " + host, CONVERGE,
                () -> rest.get("ports/" + id(port)).get("port"),
                p -> p.get("status").asText().equals(status)
                        && (host == null || p.get("binding:host_id").asText().equals(host)));
    }

    /** Plugs a VIF as Nova/os-vif does, on br-int or on a trunk bridge. */
    private static void plug(OvsNode node, String bridge, String dev, JsonNode port) throws IOException {
        node.vsctl("add-port", bridge, dev, "--", "set", "Interface", dev, "type=internal",
                "external_ids:iface-id=" + id(port), "external_ids:attached-mac=" + mac(port),
                "external_ids:iface-status=active", "external_ids:vm-uuid=vm-" + dev);
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

    private static String trace(OvsNode node, String bridge, String flow) throws IOException {
        return OvsNode.run(List.of("ovs-appctl", "-t", node.dir.resolve("ovs-vswitchd.ctl").toString(),
                "ofproto/trace", bridge, flow));
    }

    private static String datapathActions(String trace) {
        return trace.lines().filter(l -> l.startsWith("Datapath actions:")).findFirst()
                .map(l -> l.substring("Datapath actions:".length()).trim()).orElse("");
    }

    /** The datapath actions output to {@code expected} and to none of the other plain VMs. */
    private void assertReachesOnly(String actions, String expected) throws IOException {
        List<String> outputs = List.of(actions.split(","));
        for (String vm : List.of("tapx1", "tapx2", "tapx3", "tapxt")) {
            assertEquals(vm.equals(expected), outputs.contains(odp(node1, vm)), vm + " in " + actions);
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

    private static String odp(OvsNode node, String iface) throws IOException {
        String show = OvsNode.run(List.of("ovs-appctl", "-t", node.dir.resolve("ovs-vswitchd.ctl").toString(),
                "dpif/show"));
        for (String line : show.lines().toList()) {
            String t = line.trim();
            if (t.startsWith(iface + " ")) {
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
