package dev.muon.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two real userspace Open vSwitch nodes join a real controller: bridges, tunnel mesh,
 * VIF binding, tags, L2 population flows, drift repair and a restart that reinstalls
 * nothing.
 */
@Tag("integration")
class NodeOnboardingIT {
    private static final Duration CONVERGE = Cloud.CONVERGE;

    private Cloud cloud;
    private OvsNode node1;
    private OvsNode node2;
    private Rest rest;

    @BeforeEach
    void setUp() throws Exception {
        cloud = Cloud.start("it");
        rest = cloud.rest;
        node1 = cloud.node("node1");
        node2 = cloud.node("node2");
        node1.join(cloud.ovsdbPort, "192.168.1.11");
        node2.join(cloud.ovsdbPort, "192.168.1.12");
    }

    @AfterEach
    void tearDown() throws Exception {
        cloud.close();
    }

    @Test
    void nodesAreWiredAndPortsBoundAndPopulated() throws Exception {
        // Bridges and tunnel mesh, as the node joined.
        for (OvsNode n : new OvsNode[] {node1, node2}) {
            Eventually.await(n.name + " bridges", CONVERGE, () -> n.vsctl("list-br"),
                    s -> s.contains("br-int") && s.contains("br-tun"));
            assertEquals("secure", n.vsctl("get", "Bridge", "br-int", "fail_mode"));
            assertEquals("\"tcp:127.0.0.1:" + cloud.ofPort + "\"", n.vsctl("get", "Controller",
                    n.vsctl("get", "Bridge", "br-tun", "controller").replaceAll("[\\[\\]]", ""), "target"));
        }
        Eventually.await("node1 tunnel to node2", CONVERGE, () -> node1.vsctl("list-ports", "br-tun"),
                s -> s.contains("vxlan-c0a8010c") && s.contains("patch-int"));
        assertEquals("{in_key=flow, local_ip=\"192.168.1.11\", out_key=flow, remote_ip=\"192.168.1.12\"}",
                node1.vsctl("get", "Interface", "vxlan-c0a8010c", "options"));

        // A network, a subnet, two ports through the API.
        JsonNode net = rest.post("networks", "network", "{\"name\": \"net1\"}");
        rest.post("subnets", "subnet", "{\"network_id\": \"" + net.get("id").asText()
                + "\", \"cidr\": \"10.0.0.0/24\", \"ip_version\": 4}");
        JsonNode p1 = rest.post("ports", "port", "{\"network_id\": \"" + net.get("id").asText() + "\"}");
        JsonNode p2 = rest.post("ports", "port", "{\"network_id\": \"" + net.get("id").asText() + "\"}");
        long vni = net.get("provider:segmentation_id").asLong();

        // Plug them as Nova does.
        Cloud.plug(node1, "br-int", "tap1", p1);
        Cloud.plug(node2, "br-int", "tap2", p2);
        for (JsonNode p : new JsonNode[] {p1, p2}) {
            String host = p == p1 ? "node1" : "node2";
            Eventually.await("port bound on " + host, CONVERGE, () -> rest.get("ports/" + p.get("id").asText()).get("port"),
                    j -> "ACTIVE".equals(j.get("status").asText()) && host.equals(j.get("binding:host_id").asText()));
        }
        Eventually.await("VIF tag", CONVERGE, () -> node1.vsctl("get", "Port", "tap1", "tag"), "1"::equals);

        // br-int anti-spoofing and br-tun L2 population on node1.
        String mac1 = p1.get("mac_address").asText();
        String mac2 = p2.get("mac_address").asText();
        Eventually.await("node1 br-int flows", CONVERGE, () -> node1.dumpFlows("br-int"),
                s -> s.contains("table=25") && s.contains("dl_src=" + mac1));
        String tun = Eventually.await("node1 br-tun flows", CONVERGE, () -> node1.dumpFlows("br-tun"),
                s -> s.contains("dl_dst=" + mac2));
        int vxlanPort = Integer.parseInt(node1.vsctl("get", "Interface", "vxlan-c0a8010c", "ofport"));
        assertTrue(tun.contains("dl_vlan=1,dl_dst=" + mac2 + " actions=pop_vlan,set_field:0x"
                + Long.toHexString(vni) + "->tun_id,output:" + vxlanPort), tun);
        assertTrue(tun.contains("tun_id=0x" + Long.toHexString(vni)), tun);
        for (String table : new String[] {"table=0,", "table=2,", "table=4,", "table=10,", "table=20,", "table=22,"}) {
            assertTrue(tun.replace("table=", ",table=").replace(", ", ",").contains(table), "br-tun has " + table);
        }

        // The operator's view explains each flow by its logical object and compares with the switch.
        String report = Eventually.await("operator flows report", CONVERGE,
                () -> rest.text("/muon/v1/nodes/node1/flows?bridge=br-tun"),
                s -> s.contains("switch holds exactly these flows"));
        assertTrue(report.contains("dl_dst=" + mac2) && report.contains("# port " + p2.get("id").asText()), report);
        assertTrue(report.contains("# network " + net.get("id").asText() + " (net1)"), report);
        assertTrue(rest.text("/muon/v1/nodes").contains("node2  encap 192.168.1.12"));

        // ... and traces a packet through them in the model's words.
        String trace = rest.text("/muon/v1/nodes/node1/trace?bridge=br-int&flow=" + java.net.URLEncoder.encode(
                "in_port=tap1,icmp,dl_src=" + mac1 + ",dl_dst=" + mac2 + ",nw_src=" + Cloud.ip(p1) + ",nw_dst="
                        + Cloud.ip(p2), java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(trace.contains("=> tunnel vxlan-c0a8010c to 192.168.1.12 with VNI 0x" + Long.toHexString(vni)),
                trace);
        assertTrue(trace.contains("# port " + p2.get("id").asText()), trace);

        // Drift repair: a flow deleted by hand comes back.
        long deletedAt = System.nanoTime();
        node1.ofctl("del-flows", "br-tun", "table=20,dl_vlan=1,dl_dst=" + mac2);
        String restored = Eventually.await("deleted flow restored", CONVERGE, () -> node1.dumpFlows("br-tun"),
                s -> s.contains("dl_dst=" + mac2));
        String line = restored.lines().filter(l -> l.contains("dl_dst=" + mac2)).findFirst().orElseThrow();
        assertTrue(minDuration(line) <= (System.nanoTime() - deletedAt) / 1e9 + 0.1,
                "the flow was really deleted and installed again: " + line);

        // Unplug: the port goes DOWN and node1 forgets its MAC.
        node2.vsctl("del-port", "br-int", "tap2");
        Eventually.await("port DOWN", CONVERGE, () -> rest.get("ports/" + p2.get("id").asText()).get("port"),
                j -> "DOWN".equals(j.get("status").asText()));
        Eventually.await("remote MAC withdrawn", CONVERGE, () -> node1.dumpFlows("br-tun"),
                s -> !s.contains("dl_dst=" + mac2));
    }

    @Test
    void restartReinstallsNothing() throws Exception {
        JsonNode net = rest.post("networks", "network", "{\"name\": \"net1\"}");
        rest.post("subnets", "subnet", "{\"network_id\": \"" + net.get("id").asText()
                + "\", \"cidr\": \"10.0.0.0/24\", \"ip_version\": 4}");
        JsonNode p1 = rest.post("ports", "port", "{\"network_id\": \"" + net.get("id").asText() + "\"}");
        Cloud.plug(node1, "br-int", "tap1", p1);
        String mac1 = p1.get("mac_address").asText();
        Eventually.await("flows", CONVERGE, () -> node1.dumpFlows("br-int"), s -> s.contains("dl_src=" + mac1));
        Dump before = Dump.of(node1, "br-int");

        cloud.restartController();
        awaitInSync("node1", "br-int");   // the new controller has compared the switch with its own result
        Thread.sleep(2500);                // and its periodic pass has run too

        Dump after = Dump.of(node1, "br-int");
        assertEquals(flowSet(before.text), flowSet(after.text), "same flows after restart");
        after.assertNothingReinstalledSince(before);
        assertEquals("ACTIVE", rest.get("ports/" + p1.get("id").asText()).get("port").get("status").asText());
    }

    @Test
    void aControllerOnACopyOfTheDatabaseKeepsEveryTagAndFlow() throws Exception {
        // node1 gets net1 (VLAN 1), then net2 (VLAN 2); net1 goes, so net2 keeps a tag that a
        // fresh allocation would not give it (1): only the database knows it.
        JsonNode net1 = cloud.network("net1");
        cloud.subnet(net1, "10.0.1.0/24");
        JsonNode p1 = cloud.port(net1);
        Cloud.plug(node1, "br-int", "tap1", p1);
        Eventually.await("tap1 tag", CONVERGE, () -> node1.vsctl("get", "Port", "tap1", "tag"), "1"::equals);
        JsonNode net2 = cloud.network("net2");
        cloud.subnet(net2, "10.0.2.0/24");
        JsonNode p2 = cloud.port(net2);
        JsonNode p3 = cloud.port(net2);
        Cloud.plug(node1, "br-int", "tap2", p2);
        Cloud.plug(node2, "br-int", "tap3", p3);
        Eventually.await("tap2 tag", CONVERGE, () -> node1.vsctl("get", "Port", "tap2", "tag"), "2"::equals);
        node1.vsctl("del-port", "br-int", "tap1");
        rest.delete("ports/" + Cloud.id(p1));
        rest.delete("networks/" + Cloud.id(net1));
        String mac1 = Cloud.mac(p1);
        Eventually.await("net1 gone from node1", CONVERGE, () -> node1.dumpFlows("br-int"),
                s -> !s.contains("dl_src=" + mac1));
        cloud.awaitPort(p3, "ACTIVE", "node2");
        awaitInSync("node1", "br-int");
        awaitInSync("node1", "br-tun");
        awaitInSync("node2", "br-tun");
        Thread.sleep(2500);   // a periodic pass after net1's deletion has freed its VLAN
        Dump int1 = Dump.of(node1, "br-int");
        Dump tun1 = Dump.of(node1, "br-tun");
        Dump tun2 = Dump.of(node2, "br-tun");
        String dvrMacs = dvrMacs();
        assertTrue(dvrMacs.matches("node1=fa:16:3f:\\p{XDigit}{2}:\\p{XDigit}{2}:\\p{XDigit}{2} "
                + "node2=fa:16:3f:\\p{XDigit}{2}:\\p{XDigit}{2}:\\p{XDigit}{2}"), dvrMacs);
        assertNotEquals(dvrMacs.substring(6, 23), dvrMacs.substring(30, 47), "each node its own DVR MAC");

        cloud.restartControllerOnACopyOfTheDatabase();
        awaitInSync("node1", "br-int");
        awaitInSync("node1", "br-tun");
        awaitInSync("node2", "br-tun");
        Thread.sleep(2500);   // and a periodic pass has run too

        assertEquals("2", node1.vsctl("get", "Port", "tap2", "tag"));
        assertEquals(dvrMacs, dvrMacs(), "the same DVR MACs, from the database");
        for (Dump d : new Dump[] {int1, tun1, tun2}) {
            Dump now = Dump.of(d.node, d.bridge);
            assertEquals(flowSet(d.text), flowSet(now.text), d.node.name + " " + d.bridge);
            now.assertNothingReinstalledSince(d);
        }
        // Nothing but the database in the data dir: no allocation lives in a file beside it.
        try (var files = java.nio.file.Files.list(cloud.dataDir())) {
            assertEquals(java.util.List.of(), files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".json")).toList());
        }
    }

    /** "node1=MAC node2=MAC" from the operator's node list. */
    private String dvrMacs() throws Exception {
        String nodes = cloud.rest.text("/muon/v1/nodes");
        StringBuilder sb = new StringBuilder();
        for (String line : nodes.split("\n")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\S+) .* dvr-mac (\\S+) ").matcher(line);
            if (m.find()) {
                sb.append(sb.length() == 0 ? "" : " ").append(m.group(1)).append('=').append(m.group(2));
            }
        }
        return sb.toString();
    }

    @Test
    void ovsdbReconnectChangesNoFlow() throws Exception {
        JsonNode[] ports = twoPluggedPorts();
        String mac2 = ports[1].get("mac_address").asText();
        Eventually.await("node1 tunnel flows", CONVERGE, () -> node1.dumpFlows("br-tun"), s -> s.contains("dl_dst=" + mac2));
        Eventually.await("node2 tunnel flows", CONVERGE, () -> node2.dumpFlows("br-tun"),
                s -> s.contains("dl_dst=" + ports[0].get("mac_address").asText()));
        awaitInSync("node1", "br-int");
        Dump int1 = Dump.of(node1, "br-int");
        Dump tun1 = Dump.of(node1, "br-tun");
        Dump tun2 = Dump.of(node2, "br-tun");

        node1.vsctl("del-manager");
        Thread.sleep(1000);
        node1.vsctl("set-manager", "tcp:127.0.0.1:" + cloud.ovsdbPort);
        Eventually.await("OVSDB back", CONVERGE, () -> node1.vsctl("--columns=is_connected", "list", "Manager"),
                s -> s.contains("true"));
        awaitInSync("node1", "br-tun");
        Thread.sleep(2500);   // and a periodic pass after the reconnect

        for (Dump d : new Dump[] {int1, tun1, tun2}) {
            Dump now = Dump.of(d.node, d.bridge);
            assertEquals(flowSet(d.text), flowSet(now.text), d.node.name + " " + d.bridge);
            now.assertNothingReinstalledSince(d);   // node2 kept node1's ports meanwhile, untouched
        }
        assertEquals("ACTIVE", rest.get("ports/" + ports[0].get("id").asText()).get("port").get("status").asText());
    }

    @Test
    void vswitchdCrashIsRepaired() throws Exception {
        JsonNode[] ports = twoPluggedPorts();
        String mac1 = ports[0].get("mac_address").asText();
        String mac2 = ports[1].get("mac_address").asText();
        String int1 = Eventually.await("node1 flows", CONVERGE, () -> node1.dumpFlows("br-int"),
                s -> s.contains("dl_src=" + mac1));
        String tun1 = Eventually.await("node1 tunnel flows", CONVERGE, () -> node1.dumpFlows("br-tun"),
                s -> s.contains("dl_dst=" + mac2));

        node1.crashVswitchd();

        Eventually.await("br-int flows restored", CONVERGE, () -> flowSet(node1.dumpFlows("br-int")),
                flowSet(int1)::equals);
        Eventually.await("br-tun flows restored", CONVERGE, () -> flowSet(node1.dumpFlows("br-tun")),
                flowSet(tun1)::equals);
        assertEquals("1", node1.vsctl("get", "Port", "tap1", "tag"));
        assertEquals("ACTIVE", rest.get("ports/" + ports[0].get("id").asText()).get("port").get("status").asText());
    }

    /** Waits until the controller reports the bridge's switch holds exactly what it computed. */
    private void awaitInSync(String node, String bridge) throws Exception {
        Eventually.await(node + " " + bridge + " in sync", CONVERGE,
                () -> rest.text("/muon/v1/nodes/" + node + "/flows?bridge=" + bridge),
                s -> s.contains("switch holds exactly these flows"));
    }

    /** A flow dump and when it was taken. */
    private record Dump(OvsNode node, String bridge, String text, long takenAt) {
        static Dump of(OvsNode node, String bridge) throws IOException {
            return new Dump(node, bridge, node.dumpFlows(bridge), System.nanoTime());
        }

        /** Every flow has aged by the time between the dumps: none was deleted and added again. */
        void assertNothingReinstalledSince(Dump earlier) {
            double elapsed = (takenAt - earlier.takenAt) / 1e9;
            assertTrue(minDuration(text) >= minDuration(earlier.text) + elapsed - 0.5,
                    node.name + " " + bridge + ": a flow was reinstalled in the last " + elapsed + " s:\n" + text);
        }
    }

    /** A network with two ports, plugged on node1 (tap1) and node2 (tap2), both ACTIVE. */
    private JsonNode[] twoPluggedPorts() throws Exception {
        JsonNode net = rest.post("networks", "network", "{\"name\": \"net1\"}");
        rest.post("subnets", "subnet", "{\"network_id\": \"" + net.get("id").asText()
                + "\", \"cidr\": \"10.0.0.0/24\", \"ip_version\": 4}");
        JsonNode p1 = rest.post("ports", "port", "{\"network_id\": \"" + net.get("id").asText() + "\"}");
        JsonNode p2 = rest.post("ports", "port", "{\"network_id\": \"" + net.get("id").asText() + "\"}");
        Cloud.plug(node1, "br-int", "tap1", p1);
        Cloud.plug(node2, "br-int", "tap2", p2);
        for (JsonNode p : new JsonNode[] {p1, p2}) {
            Eventually.await("port ACTIVE", CONVERGE, () -> rest.get("ports/" + p.get("id").asText()).get("port"),
                    j -> "ACTIVE".equals(j.get("status").asText()));
        }
        return new JsonNode[] {p1, p2};
    }

    private static java.util.Set<String> flowSet(String dump) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String line : dump.split("\n")) {
            if (line.contains("cookie=")) {
                out.add(line.replaceAll("duration=[^,]+, ", "").replaceAll("n_packets=\\d+, n_bytes=\\d+, ", "")
                        .replaceAll("idle_age=\\d+, ", "").trim());
            }
        }
        return out;
    }

    private static double minDuration(String dump) {
        Matcher m = Pattern.compile("duration=([0-9.]+)s").matcher(dump);
        double min = Double.MAX_VALUE;
        while (m.find()) {
            min = Math.min(min, Double.parseDouble(m.group(1)));
        }
        return min;
    }
}
