package dev.muon.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.pipeline.trace.TracePacket;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Muon's tracer (the operator's {@code /muon/v1/nodes/N/trace}, over the flows Muon computed)
 * and {@code ovs-appctl ofproto/trace} (over the flows the real switch holds) must end a
 * packet in the same places: the same VIFs and NICs with the same VLAN tag, the same tunnel
 * endpoint with the same VNI, the controller, or nowhere.
 *
 * <p>Two userspace OVS nodes, each with an underlay bridge carrying its encap IP (so
 * ofproto/trace completes the tunnel encapsulation and shows the VNI) and a br-eth1 with a
 * NIC for physnet1; a VXLAN network, a VLAN and a flat network on physnet1, VIFs on both
 * nodes. The tracer models NORMAL with every local VIF's MAC learned, so OVS's MAC table is
 * given those entries ({@code fdb/add}), as a running VM's traffic would. Neither tracer's
 * copies to a bridge's own internal port count (the tracer leaves them out), nor the
 * underlay's output after an encapsulation. Paths without conntrack only: the VIFs' security
 * group is stateless (and admits all IP), so the firewall's tables are on the paths without ct.
 */
@Tag("integration")
class TracerAgreesWithOvsIT {
    private static final Duration CONVERGE = Cloud.CONVERGE;
    private static final String IP1 = "192.168.1.11";
    private static final String IP2 = "192.168.1.12";
    private static final Pattern ODP_PORT = Pattern.compile("^\\s+(\\S+) (?:\\d+|none)/(\\d+|none):");

    private Cloud cloud;
    private OvsNode node1;
    private OvsNode node2;
    private Rest rest;
    /** VIF device → (bridge, tag, MAC) for the OVS MAC table, per node. */
    private final Map<OvsNode, Map<String, String>> vifMacs = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        cloud = Cloud.start("tracer-it");
        rest = cloud.rest;
        node1 = cloud.node("node1");
        node2 = cloud.node("node2");
        for (OvsNode n : List.of(node1, node2)) {
            String self = n == node1 ? IP1 : IP2;
            String peer = n == node1 ? IP2 : IP1;
            // the operator's br-eth1 with its NIC (an internal port standing for eth1)
            n.vsctl("add-br", "br-eth1", "--", "set", "Bridge", "br-eth1", "datapath_type=netdev",
                    "fail_mode=standalone", "--", "add-port", "br-eth1", "eth1", "--", "set", "Interface", "eth1",
                    "type=internal");
            underlay(n, self, peer);
            n.vsctl("set", "Open_vSwitch", ".", "external_ids:muon-bridge-mappings=physnet1:br-eth1");
            n.join(cloud.ovsdbPort, self);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        cloud.close();
    }

    /**
     * The node's encap IP on an underlay bridge inside its namespace, and the peer's address
     * resolved, so the native tunnel has a route and a neighbour.
     */
    private static void underlay(OvsNode n, String self, String peer) throws Exception {
        n.vsctl("add-br", "br-ul", "--", "set", "Bridge", "br-ul", "datapath_type=netdev", "--",
                "add-port", "br-ul", "ul0", "--", "set", "Interface", "ul0", "type=internal");
        String ns = Files.readString(n.dir.resolve("netns")).trim();
        Eventually.await(n.name + " br-ul device", CONVERGE,
                () -> OvsNode.run(List.of("ip", "netns", "exec", ns, "ip", "link", "show", "br-ul")), s -> true);
        OvsNode.run(List.of("ip", "netns", "exec", ns, "ip", "addr", "add", self + "/24", "dev", "br-ul"));
        OvsNode.run(List.of("ip", "netns", "exec", ns, "ip", "link", "set", "br-ul", "up"));
        Eventually.await(n.name + " underlay route", CONVERGE, () -> appctl(n, "ovs/route/show"),
                s -> s.contains("192.168.1.0/24 dev br-ul"));
        appctl(n, "tnl/neigh/set", "br-ul", peer, peer.equals(IP1) ? "aa:55:00:00:00:11" : "aa:55:00:00:00:12");
    }

    private static String appctl(OvsNode n, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ovs-appctl", "-t", n.dir.resolve("ovs-vswitchd.ctl").toString()));
        cmd.addAll(List.of(args));
        return OvsNode.run(cmd);
    }

    private record Case(String name, OvsNode node, String bridge, String packet) {
        private static final List<String> SHORTHANDS = List.of("arp", "ip", "ipv6", "icmp", "icmp6", "tcp", "tcp6",
                "udp", "udp6");

        /**
         * ovs-ofctl needs the protocol before the fields that presuppose it, and ofproto/trace reads tp_src
         * and icmp_type as TCP's and ICMP's only (so the cases write udp_src, icmpv6_type); Muon's parser
         * takes any order and either spelling.
         */
        Case {
            List<String> parts = new ArrayList<>(List.of(packet.split(",")));
            List<String> protocol = parts.stream().filter(SHORTHANDS::contains).toList();
            parts.removeAll(protocol);
            parts.addAll(0, protocol);
            packet = String.join(",", parts);
        }
    }

    @Test
    void muonsTracerEndsEachPacketWhereOpenVswitchDoes() throws Exception {
        JsonNode vx = cloud.network("vx");
        JsonNode vlan = rest.post("networks", "network", "{\"name\": \"vlan1031\", \"provider:network_type\": \"vlan\","
                + " \"provider:physical_network\": \"physnet1\", \"provider:segmentation_id\": 1031}");
        JsonNode flat = rest.post("networks", "network", "{\"name\": \"flat\", \"provider:network_type\": \"flat\","
                + " \"provider:physical_network\": \"physnet1\"}");
        cloud.subnet(vx, "10.0.0.0/24");
        cloud.subnet(vlan, "192.168.10.0/24");
        cloud.subnet(flat, "172.24.4.0/24");
        long vni = vx.get("provider:segmentation_id").asLong();
        Map<String, JsonNode> ports = new LinkedHashMap<>();
        plug(ports, node1, "tapa1", vx);
        plug(ports, node1, "tapa2", vx);
        plug(ports, node2, "tapb1", vx);
        plug(ports, node1, "tapv1", vlan);
        plug(ports, node2, "tapv2", vlan);
        plug(ports, node1, "tapf1", flat);
        plug(ports, node2, "tapf2", flat);
        for (JsonNode p : ports.values()) {
            cloud.awaitPort(p, "ACTIVE", null);
        }
        for (OvsNode n : List.of(node1, node2)) {
            awaitInSync(n);
        }
        Eventually.await("node1 populated with b1", CONVERGE, () -> node1.dumpFlows("br-tun"),
                s -> s.contains(mac(ports, "tapb1")));
        Eventually.await("node2 populated with a1", CONVERGE, () -> node2.dumpFlows("br-tun"),
                s -> s.contains(mac(ports, "tapa1")));

        String a1 = mac(ports, "tapa1");
        String a2 = mac(ports, "tapa2");
        String b1 = mac(ports, "tapb1");
        String ipA1 = Cloud.ip(ports.get("tapa1"));
        String ipA2 = Cloud.ip(ports.get("tapa2"));
        String ipB1 = Cloud.ip(ports.get("tapb1"));
        String v1 = mac(ports, "tapv1");
        String v2 = mac(ports, "tapv2");
        String f1 = mac(ports, "tapf1");
        // the VMs' own addresses: the firewall passes IP only from a port's (MAC, address) pairs
        String ipV1 = Cloud.ip(ports.get("tapv1"));
        String ipV2 = Cloud.ip(ports.get("tapv2"));
        String ipF1 = Cloud.ip(ports.get("tapf1"));
        String bcast = "ff:ff:ff:ff:ff:ff";
        String fromA1 = "in_port=tapa1,dl_src=" + a1 + ",";
        String icmp = ",icmp,icmp_type=8,icmp_code=0,nw_ttl=64";
        String tunnelFrom1 = "vxlan-c0a8010b";   // node2's tunnel port to node1
        List<Case> cases = List.of(
                new Case("local unicast a1 -> a2", node1, "br-int",
                        fromA1 + "dl_dst=" + a2 + ",nw_src=" + ipA1 + ",nw_dst=" + ipA2 + icmp),
                new Case("remote unicast a1 -> b1", node1, "br-int",
                        fromA1 + "dl_dst=" + b1 + ",nw_src=" + ipA1 + ",nw_dst=" + ipB1 + icmp),
                new Case("broadcast from a1", node1, "br-int",
                        fromA1 + "dl_dst=" + bcast + ",udp,nw_src=" + ipA1 + ",nw_dst=10.0.0.255,udp_src=5000,udp_dst=5000"),
                new Case("ARP for remote b1 (answered on the node)", node1, "br-int",
                        fromA1 + "dl_dst=" + bcast + ",arp,arp_op=1,arp_spa=" + ipA1 + ",arp_tpa=" + ipB1 + ",arp_sha=" + a1),
                new Case("ARP for local a2", node1, "br-int",
                        fromA1 + "dl_dst=" + bcast + ",arp,arp_op=1,arp_spa=" + ipA1 + ",arp_tpa=" + ipA2 + ",arp_sha=" + a1),
                new Case("ARP for an unknown address", node1, "br-int",
                        fromA1 + "dl_dst=" + bcast + ",arp,arp_op=1,arp_spa=" + ipA1 + ",arp_tpa=10.0.0.250,arp_sha=" + a1),
                new Case("DHCP discover from a1", node1, "br-int",
                        fromA1 + "dl_dst=" + bcast + ",udp,nw_src=0.0.0.0,nw_dst=255.255.255.255,udp_src=68,udp_dst=67"),
                new Case("forged source MAC", node1, "br-int",
                        "in_port=tapa1,dl_src=fa:16:3e:00:00:66,dl_dst=" + a2 + ",nw_src=" + ipA1 + ",nw_dst=" + ipA2 + icmp),
                new Case("ARP with a forged sender address", node1, "br-int",
                        fromA1 + "dl_dst=" + bcast + ",arp,arp_op=1,arp_spa=10.0.0.99,arp_tpa=" + ipA2 + ",arp_sha=" + a1),
                new Case("IPv4 ICMP of type 136 (no neighbour advertisement)", node1, "br-int",
                        fromA1 + "dl_dst=" + a2 + ",icmp,icmp_type=136,icmp_code=0,nw_src=" + ipA1 + ",nw_dst=" + ipA2
                                + ",nw_ttl=64"),
                new Case("neighbour advertisement for another address", node1, "br-int",
                        fromA1 + "dl_dst=" + a2 + ",icmp6,icmpv6_type=136,icmpv6_code=0,ipv6_src=" + linkLocal(a1)
                                + ",ipv6_dst=ff02::1,nd_target=2001:db8::66"),
                new Case("neighbour advertisement for its own link-local address", node1, "br-int",
                        fromA1 + "dl_dst=" + a2 + ",icmp6,icmpv6_type=136,icmpv6_code=0,ipv6_src=" + linkLocal(a1)
                                + ",ipv6_dst=ff02::1,nd_target=" + linkLocal(a1)),
                new Case("VLAN network: v1 -> remote v2", node1, "br-int",
                        "in_port=tapv1,dl_src=" + v1 + ",dl_dst=" + v2 + ",ip,nw_src=" + ipV1 + ",nw_dst=" + ipV2),
                new Case("VLAN network: broadcast from v1", node1, "br-int",
                        "in_port=tapv1,dl_src=" + v1 + ",dl_dst=" + bcast + ",ip,nw_src=" + ipV1 + ",nw_dst=192.168.10.255"),
                new Case("flat network: broadcast from f1", node1, "br-int",
                        "in_port=tapf1,dl_src=" + f1 + ",dl_dst=" + bcast + ",ip,nw_src=" + ipF1 + ",nw_dst=172.24.4.255"),
                new Case("from the wire, VLAN 1031, to v1", node1, "br-eth1",
                        "in_port=eth1,dl_vlan=1031,dl_src=fa:16:3e:00:00:99,dl_dst=" + v1 + ",ip"),
                new Case("from the wire, untagged, to f1", node1, "br-eth1",
                        "in_port=eth1,dl_src=fa:16:3e:00:00:99,dl_dst=" + f1 + ",ip"),
                new Case("from the wire, a VLAN nobody carries", node1, "br-eth1",
                        "in_port=eth1,dl_vlan=1090,dl_src=fa:16:3e:00:00:99,dl_dst=" + v1 + ",ip"),
                new Case("from the tunnel to b1", node2, "br-tun",
                        "in_port=" + tunnelFrom1 + ",tun_id=0x" + Long.toHexString(vni) + ",dl_src=" + a1 + ",dl_dst=" + b1
                                + ",ip,nw_src=" + ipA1 + ",nw_dst=" + ipB1),
                new Case("broadcast from the tunnel", node2, "br-tun",
                        "in_port=" + tunnelFrom1 + ",tun_id=0x" + Long.toHexString(vni) + ",dl_src=" + a1 + ",dl_dst="
                                + bcast + ",arp,arp_op=1,arp_spa=" + ipA1 + ",arp_tpa=" + ipB1 + ",arp_sha=" + a1),
                new Case("from the tunnel with an unknown VNI", node2, "br-tun",
                        "in_port=" + tunnelFrom1 + ",tun_id=0x7777,dl_src=" + a1 + ",dl_dst=" + b1 + ",ip"),
                new Case("remote unicast b1 -> a1", node2, "br-int",
                        "in_port=tapb1,dl_src=" + b1 + ",dl_dst=" + a1 + ",nw_src=" + ipB1 + ",nw_dst=" + ipA1 + icmp),
                new Case("VLAN network: v2 -> remote v1", node2, "br-int",
                        "in_port=tapv2,dl_src=" + v2 + ",dl_dst=" + v1 + ",ip,nw_src=" + ipV2 + ",nw_dst=" + ipV1));

        List<String> report = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        for (Case c : cases) {
            String[] last = new String[3];
            try {
                Eventually.await(c.name(), Duration.ofSeconds(20), () -> {
                    try {
                        seedMacTable(c.node());
                        last[0] = appctl(c.node(), "ofproto/trace", c.bridge(), c.packet());
                        last[1] = rest.text("/muon/v1/nodes/" + c.node().name + "/trace?bridge=" + enc(c.bridge())
                                + "&flow=" + enc(c.packet()));
                        List<String> ovsEnds = ovsEnds(c.node(), c.packet(), last[0]);
                        List<String> muonEnds = muonEnds(last[1]);
                        last[2] = "ovs " + ovsEnds + " muon " + muonEnds;
                        return ovsEnds.equals(muonEnds) ? ovsEnds : null;
                    } catch (Exception | AssertionError e) {
                        last[2] = "error: " + e;
                        return null;
                    }
                }, ends -> ends != null);
                report.add(String.format("%-55s %s", c.name(), last[2].substring(last[2].indexOf(" muon ") + 6)));
            } catch (AssertionError e) {
                disagreements.add("== " + c.name() + ": " + last[2] + "\n-- ofproto/trace:\n" + last[0]
                        + "\n-- muon:\n" + last[1]);
            }
        }
        System.out.println("tracer vs ofproto/trace, where each packet ends:\n" + String.join("\n", report));
        assertTrue(disagreements.isEmpty(), disagreements.size() + " of " + cases.size()
                + " packets end elsewhere in Muon's tracer than in ofproto/trace:\n" + String.join("\n", disagreements));

        // the cases are not vacuous: between them they reach every kind of end
        String all = String.join("\n", report);
        for (String kind : List.of("vif tapa2", "vif tapv1", "vif tapf1", "vif tapb1", "nic eth1 vlan 1031",
                "nic eth1 untagged", "tunnel " + IP2 + " vni 0x" + Long.toHexString(vni), "tunnel " + IP1, "controller",
                "[]")) {
            assertTrue(all.contains(kind), "no case ends at " + kind + ":\n" + all);
        }
    }

    @Test
    void theOperatorsTraceTakesOfprotoTracesCtNextOption() throws Exception {
        JsonNode vx = cloud.network("vx");
        cloud.subnet(vx, "10.0.0.0/24");
        Map<String, JsonNode> ports = new LinkedHashMap<>();
        plug(ports, node1, "tapa1", vx);
        cloud.awaitPort(ports.get("tapa1"), "ACTIVE", null);
        String packet = "in_port=tapa1,dl_src=" + mac(ports, "tapa1") + ",dl_dst=ff:ff:ff:ff:ff:ff,arp,arp_op=1";
        String plain = Eventually.await("trace", CONVERGE, () -> rest.text("/muon/v1/nodes/node1/trace?bridge=br-int"
                + "&flow=" + enc(packet)), s -> s.contains("=> "));
        String withOptions = rest.text("/muon/v1/nodes/node1/trace?bridge=br-int&flow="
                + enc("--ct-next trk,est " + packet + " --ct-next trk|rel --ct-mark 0x1"));
        assertEquals(plain, withOptions, "no ct here: the options change nothing, and are accepted");
        assertFalse(withOptions.isBlank());
    }

    private void plug(Map<String, JsonNode> ports, OvsNode n, String dev, JsonNode net) throws Exception {
        JsonNode p = cloud.port(net, cloud.statelessOpenGroup());
        Cloud.plug(n, "br-int", dev, p);
        ports.put(dev, p);
        vifMacs.computeIfAbsent(n, k -> new LinkedHashMap<>()).put(dev, Cloud.mac(p));
    }

    private static String mac(Map<String, JsonNode> ports, String dev) {
        return Cloud.mac(ports.get(dev));
    }

    /** Every flow of every bridge of the node is on the switch as computed. */
    private void awaitInSync(OvsNode n) throws Exception {
        Eventually.await(n.name + " flows in sync", CONVERGE, () -> rest.text("/muon/v1/nodes/" + n.name + "/flows"),
                s -> s.contains("== ") && count(s, "\n== ") + (s.startsWith("== ") ? 1 : 0)
                        == count(s, "switch holds exactly these flows"));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** Teaches OVS's NORMAL every local VIF's MAC on its port and VLAN, as the tracer assumes. */
    private void seedMacTable(OvsNode n) throws Exception {
        for (Map.Entry<String, String> e : vifMacs.getOrDefault(n, Map.of()).entrySet()) {
            String tag = n.vsctl("get", "Port", e.getKey(), "tag");
            if (!tag.equals("[]")) {
                appctl(n, "fdb/add", "br-int", e.getKey(), tag, e.getValue());
            }
        }
    }

    /** fe80::/64 with the MAC's EUI-64, as Neutron allows a port's link-local address. */
    private static String linkLocal(String mac) {
        String[] b = mac.split(":");
        int first = Integer.parseInt(b[0], 16) ^ 0x02;
        return String.format("fe80::%x:%x:%x:%x", first << 8 | Integer.parseInt(b[1], 16),
                Integer.parseInt(b[2], 16) << 8 | 0xff, 0xfe00 | Integer.parseInt(b[3], 16),
                Integer.parseInt(b[4], 16) << 8 | Integer.parseInt(b[5], 16));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // --- where Muon's tracer says the packet ends (the "=> " lines of its text) ---

    private static final Pattern MUON_VIF = Pattern.compile("VIF (\\S+) \\(port [^)]*\\): (.*)");
    private static final Pattern MUON_TUNNEL = Pattern.compile("tunnel (\\S+) to (\\S+) with VNI (0x[0-9a-f]+): .*");
    private static final Pattern MUON_PORT = Pattern.compile("port (\\S+)(?: \\(LOCAL\\))? of (\\S+): (.*)");

    static List<String> muonEnds(String text) {
        List<String> ends = new ArrayList<>();
        for (String line : text.lines().filter(l -> l.startsWith("=> ")).map(l -> l.substring(3)).toList()) {
            Matcher m;
            if ((m = MUON_VIF.matcher(line)).matches()) {
                ends.add("vif " + m.group(1) + vlan(TracePacket.parse(m.group(2)).vlan()));
            } else if ((m = MUON_TUNNEL.matcher(line)).matches()) {
                ends.add("tunnel " + m.group(2) + " vni " + m.group(3));
            } else if ((m = MUON_PORT.matcher(line)).matches()) {
                if (!isBridgeOrUnderlay(m.group(1))) {
                    ends.add("nic " + m.group(1) + vlan(TracePacket.parse(m.group(3)).vlan()));
                }
            } else if (line.startsWith("to the controller")) {
                ends.add("controller");
            }
            // anything else is a drop (or a port the node does not report): nowhere
        }
        return ends.stream().sorted().toList();
    }

    private static String vlan(Integer vid) {
        return vid == null ? " untagged" : " vlan " + vid;
    }

    private static boolean isBridgeOrUnderlay(String port) {
        return port.startsWith("br-") || port.equals("ul0");
    }

    // --- where ofproto/trace says it ends (its datapath actions) ---

    private List<String> ovsEnds(OvsNode n, String packet, String trace) throws IOException {
        Map<String, String> odpNames = new HashMap<>();
        for (String line : appctl(n, "dpif/show").lines().toList()) {
            Matcher m = ODP_PORT.matcher(line);
            if (m.find() && !m.group(2).equals("none")) {
                odpNames.put(m.group(2), m.group(1));
            }
        }
        String actions = OvsNode.datapathActions(trace);
        List<String> ends = new ArrayList<>();
        Integer vlan = TracePacket.parse(packet).vlan();
        datapath(actions, vlan, false, odpNames, ends);
        return ends.stream().sorted().toList();
    }

    /**
     * Walks a datapath action list as the datapath runs it: VLAN pushes and pops change the tag
     * of what the following outputs send; clone() works on a copy; after tnl_push the outputs
     * carry the encapsulated packet over the underlay and are not ends of their own.
     */
    private static void datapath(String actions, Integer vlan, boolean encapsulated, Map<String, String> odpNames,
                                 List<String> ends) {
        for (String a : topLevel(actions)) {
            if (a.matches("\\d+")) {
                String port = odpNames.getOrDefault(a, "odp" + a);
                if (!encapsulated && !isBridgeOrUnderlay(port)) {
                    ends.add((port.startsWith("tap") ? "vif " : "nic ") + port + vlan(vlan));
                }
            } else if (a.startsWith("push_vlan(")) {
                Matcher m = Pattern.compile("vid=(\\d+)").matcher(a);
                vlan = m.find() ? Integer.valueOf(m.group(1)) : vlan;
            } else if (a.equals("pop_vlan")) {
                vlan = null;
            } else if (a.startsWith("clone(")) {
                datapath(a.substring(6, a.length() - 1), vlan, encapsulated, odpNames, ends);
            } else if (a.startsWith("tnl_push(")) {
                Matcher dst = Pattern.compile("ipv4\\(src=[^,]+,dst=([^,]+)").matcher(a);
                Matcher vni = Pattern.compile("vni=(0x[0-9a-f]+)").matcher(a);
                ends.add("tunnel " + (dst.find() ? dst.group(1) : "?") + " vni " + (vni.find() ? vni.group(1) : "?"));
                encapsulated = true;
            } else if (a.startsWith("userspace(") && a.contains("controller(")) {
                ends.add("controller");
            } else if (a.startsWith("ct(") || a.startsWith("recirc(")) {
                throw new AssertionError("a conntrack path; this test compares stateless paths only: " + actions);
            }
            // drop, set(...), masked sets: no end
        }
    }

    /** The comma-separated items of an action list, commas inside parentheses left alone. */
    private static List<String> topLevel(String s) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                items.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (start < s.length()) {
            items.add(s.substring(start).trim());
        }
        return items;
    }
}
