package dev.muon.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Distributed routing on two real userspace Open vSwitch nodes, checked with
 * {@code ovs-appctl ofproto/trace} over the flows the switches hold: a router with interfaces on
 * two VXLAN subnets, a VM on subnet A on node1 and one on subnet B on node2. Node1 routes A → B
 * itself (br-int 0 → 25 → 60 → 71 → 72 → 73 → 74 → 77 → 80: the VMs are in a stateless group, so the
 * firewall is on the path without a conntrack recirculation) and sends the frame into the tunnel to node2
 * with B's VNI, its TTL decremented and node1's DVR MAC as source; node2 takes that frame from
 * the tunnel to VM-B with the subnet-B gateway MAC as source. ARP for the gateway and ICMP echo
 * to the router are answered on the node, a TTL-1 packet goes to the controller (invalid TTL),
 * the router and its interface ports read ACTIVE (unbound), and removing an interface withdraws
 * its route. VM-A is a real namespace behind a veth: its kernel pings the gateway (answered by
 * the flows) and gets Time Exceeded for a TTL-1 ping and Net Unreachable once the route is gone
 * (real packet-ins answered by the controller).
 *
 * <p>Each node has an underlay bridge carrying its encap IP and the peer's address resolved, so
 * that ofproto/trace completes the VXLAN encapsulation and shows the VNI (as in
 * {@link TracerAgreesWithOvsIT}).
 */
@Tag("integration")
class RoutingIT {
    private static final Duration CONVERGE = Cloud.CONVERGE;
    private static final String IP1 = "192.168.1.11";
    private static final String IP2 = "192.168.1.12";
    private static final String CIDR_A = "10.1.0.0/24";
    private static final String CIDR_B = "10.2.0.0/24";
    private static final Pattern TABLE = Pattern.compile("^\\s*(\\d+)\\. ");
    private static final Pattern BRIDGE = Pattern.compile("^\\s*bridge\\(\"([^\"]+)\"\\)");

    private Cloud cloud;
    private OvsNode node1;
    private OvsNode node2;
    private Rest rest;
    private String vmNamespace;

    @BeforeEach
    void setUp() throws Exception {
        cloud = Cloud.start("routing-it");
        rest = cloud.rest;
        node1 = cloud.node("node1");
        node2 = cloud.node("node2");
        underlay(node1, IP1, IP2);
        underlay(node2, IP2, IP1);
        node1.join(cloud.ovsdbPort, IP1);
        node2.join(cloud.ovsdbPort, IP2);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (vmNamespace != null) {
                OvsNode.run(List.of("ip", "netns", "del", vmNamespace));
            }
        } finally {
            cloud.close();
        }
    }

    @Test
    void aRouterRoutesOnTheNodeWhereThePacketEntersAndAnswersForItselfThere() throws Exception {
        JsonNode netA = cloud.network("net-a");
        JsonNode netB = cloud.network("net-b");
        JsonNode subA = cloud.subnet(netA, CIDR_A);
        JsonNode subB = cloud.subnet(netB, CIDR_B);
        long vniB = netB.get("provider:segmentation_id").asLong();
        String gwA = subA.get("gateway_ip").asText();
        String gwB = subB.get("gateway_ip").asText();
        JsonNode router = rest.post("routers", "router", "{\"name\": \"r1\"}");
        String r = Cloud.id(router);
        JsonNode qrA = rest.get("ports/" + routerAction(r, "add_router_interface", Cloud.id(subA))
                .get("port_id").asText()).get("port");
        JsonNode qrB = rest.get("ports/" + routerAction(r, "add_router_interface", Cloud.id(subB))
                .get("port_id").asText()).get("port");
        assertEquals(gwA, Cloud.ip(qrA));
        assertEquals(gwB, Cloud.ip(qrB));
        String qrMacA = Cloud.mac(qrA);
        String qrMacB = Cloud.mac(qrB);

        // a stateless group admitting all IP: the traces below read one pass through the pipeline, which a
        // conntrack recirculation would cut (SecurityGroupsIT has the stateful default group's real packets)
        JsonNode vmA = cloud.port(netA, cloud.statelessOpenGroup());
        JsonNode vmB = cloud.port(netB, cloud.statelessOpenGroup());
        String vm = plugVm(node1, "tapa", vmA);
        Cloud.plug(node2, "br-int", "tapb", vmB);
        cloud.awaitPort(vmA, "ACTIVE", "node1");
        cloud.awaitPort(vmB, "ACTIVE", "node2");
        String macA = Cloud.mac(vmA);
        String macB = Cloud.mac(vmB);
        String ipA = Cloud.ip(vmA);
        String ipB = Cloud.ip(vmB);

        // each node's DVR MAC, as the operator sees it
        Map<String, String> dvr = Eventually.await("both nodes' DVR MACs", CONVERGE, this::dvrMacs,
                m -> m.containsKey("node1") && m.containsKey("node2"));
        String dvr1 = dvr.get("node1");
        String dvr2 = dvr.get("node2");
        assertTrue(dvr1.startsWith("fa:16:3f:") && dvr2.startsWith("fa:16:3f:"), dvr.toString());
        assertNotEquals(dvr1, dvr2);

        // router and interface ports: ACTIVE once both nodes hold the router's flows; interfaces unbound
        Eventually.await("router ACTIVE", CONVERGE, () -> rest.get("routers/" + r).get("router"),
                j -> "ACTIVE".equals(j.get("status").asText()));
        cloud.awaitPort(qrA, "ACTIVE", "");
        cloud.awaitPort(qrB, "ACTIVE", "");

        // VM-A → VM-B through the gateway: routed on node1, into the tunnel to node2 with B's VNI
        String routed = "in_port=tapa,dl_src=" + macA + ",dl_dst=" + qrMacA + ",nw_src=" + ipA + ",nw_dst=" + ipB
                + ",nw_ttl=64";
        String vniText = "vni=0x" + Long.toHexString(vniB);
        String out = Eventually.await("node1 routes A to B into the tunnel", CONVERGE,
                () -> node1.trace("br-int", "icmp," + routed + ",icmp_type=8,icmp_code=0"),
                t -> OvsNode.datapathActions(t).contains("tnl_push"));
        assertEquals(List.of(0, 25, 60, 71, 72, 73, 74, 77, 80), tables(out).get("br-int"), out);
        List<Integer> tun = tables(out).get("br-tun");
        assertTrue(tun != null && tun.contains(1), "br-tun DVR_PROCESS (1) on the way out:\n" + out);
        String actions = OvsNode.datapathActions(out);
        assertTrue(actions.contains("set(eth(src=" + dvr1 + ",dst=" + macB + "))"), out);
        assertTrue(actions.contains("set(ipv4(ttl=63))"), out);
        assertTrue(actions.contains(vniText + ")") && actions.contains("dst=" + IP2), out);
        assertFalse(actions.contains(qrMacA) || actions.contains(qrMacB),
                "the router interface MAC never reaches the underlay:\n" + out);

        // node2: that frame, from the tunnel, is delivered to VM-B as from the subnet-B gateway
        String tunnelFrom1 = "vxlan-" + hex(IP1);
        String in = Eventually.await("node2 delivers the routed frame to VM-B", CONVERGE,
                () -> node2.trace("br-tun", "in_port=" + tunnelFrom1 + ",tun_id=0x" + Long.toHexString(vniB)
                        + ",tun_src=" + IP1 + ",tun_dst=" + IP2 + ",dl_src=" + dvr1 + ",dl_dst=" + macB
                        + ",icmp,nw_src=" + ipA + ",nw_dst=" + ipB + ",nw_ttl=63"),
                t -> OvsNode.datapathActions(t).contains("src=" + qrMacB));
        String inActions = OvsNode.datapathActions(in);
        assertTrue(inActions.startsWith("set(eth(src=" + qrMacB + "))"), in);
        assertEquals(node2.odpPort("tapb"), last(inActions), "out of VM-B's port, and nowhere else:\n" + in);
        assertFalse(inActions.contains("push_vlan"), in);
        List<Integer> int2 = tables(in).get("br-int");
        assertTrue(int2 != null && int2.get(0) == 0 && int2.get(1) == 1, "br-int 0 → DVR_TO_SRC_MAC (1):\n" + in);

        // the way back is routed on node2, where it enters: node2's DVR MAC, A's VNI, to node1
        long vniA = netA.get("provider:segmentation_id").asLong();
        String back = Eventually.await("node2 routes B to A into the tunnel", CONVERGE,
                () -> node2.trace("br-int", "icmp,in_port=tapb,dl_src=" + macB + ",dl_dst=" + qrMacB + ",nw_src=" + ipB
                        + ",nw_dst=" + ipA + ",nw_ttl=64,icmp_type=0,icmp_code=0"),
                t -> OvsNode.datapathActions(t).contains("tnl_push"));
        String backActions = OvsNode.datapathActions(back);
        assertEquals(List.of(0, 25, 60, 71, 72, 73, 74, 77, 80), tables(back).get("br-int"), back);
        assertTrue(backActions.contains("set(eth(src=" + dvr2 + ",dst=" + macA + "))"), back);
        assertTrue(backActions.contains("vni=0x" + Long.toHexString(vniA) + ")") && backActions.contains("dst=" + IP1), back);

        // ARP for the gateway, answered on node1 back to VM-A
        String arp = node1.trace("br-int", "arp,in_port=tapa,arp_op=1,dl_src=" + macA + ",dl_dst=ff:ff:ff:ff:ff:ff,arp_spa="
                + ipA + ",arp_tpa=" + gwA + ",arp_sha=" + macA);
        String arpActions = OvsNode.datapathActions(arp);
        assertTrue(arpActions.contains("set(eth(src=" + qrMacA + ",dst=" + macA + "))"), arp);
        assertTrue(arpActions.contains("set(arp(sip=" + gwA + ",tip=" + ipA + ",op=2,sha=" + qrMacA + ",tha=" + macA
                + "))"), arp);
        assertEquals(node1.odpPort("tapa"), last(arpActions), arp);
        assertFalse(arpActions.contains("tnl_push"), arp);

        // ICMP echo to either router address, answered on node1 back to VM-A
        for (String gw : List.of(gwA, gwB)) {
            String echo = node1.trace("br-int", "icmp,in_port=tapa,dl_src=" + macA + ",dl_dst=" + qrMacA + ",nw_src="
                    + ipA + ",nw_dst=" + gw + ",nw_ttl=64,icmp_type=8,icmp_code=0");
            String echoActions = OvsNode.datapathActions(echo);
            assertTrue(echoActions.contains("set(eth(src=" + qrMacA + ",dst=" + macA + "))"), echo);
            assertTrue(echoActions.contains("set(ipv4(src=" + gw + ",dst=" + ipA), echo);
            assertTrue(echoActions.contains("set(icmp(type=0"), echo);
            assertEquals(node1.odpPort("tapa"), last(echoActions), echo);
            assertFalse(echoActions.contains("tnl_push"), echo);
        }

        // TTL 1: the decrement fails and the packet goes to the controller (invalid TTL), not the tunnel
        // (a trace has no side effects, so OVS marks the packet-in dont_send=1; ofdriver's InvalidTtlPacketInIT
        // shows a real one arriving)
        String expiring = node1.trace("br-int", "icmp," + routed.replace("nw_ttl=64", "nw_ttl=1")
                + ",icmp_type=8,icmp_code=0");
        String expiringActions = OvsNode.datapathActions(expiring);
        assertTrue(expiring.contains("decrement TTL exception"), expiring);
        assertTrue(expiringActions.contains("userspace(") && expiringActions.contains("controller(reason=2"),
                "a packet-in with reason invalid TTL (2):\n" + expiring);
        assertFalse(expiringActions.contains("tnl_push"), expiring);

        // the real thing, from VM-A's kernel: the gateway answers ARP and ping from the flows, and a ping with
        // TTL 1 comes back as Time Exceeded from the gateway (a real invalid-TTL packet-in answered by the controller)
        ip(vm, "addr", "add", ipA + "/24", "dev", "eth0");
        ip(vm, "route", "add", CIDR_B, "via", gwA);
        String pong = Eventually.await("VM-A pings its gateway", CONVERGE, () -> ping(vm, gwA), o -> o.contains(" 0% packet loss"));
        assertTrue(pong.contains("from " + gwA + ": icmp_seq=1"), pong);
        String exceeded = ping(vm, "-t", "1", ipB);
        assertTrue(exceeded.contains("From " + gwA + " icmp_seq=1 Time to live exceeded"), exceeded);

        // removing subnet B's interface withdraws its route on node1: the same packet no longer reaches the tunnel
        String routeToB = node1.dumpFlows("br-int").lines().filter(l -> l.contains("table=77") && l.contains("nw_dst=" + CIDR_B))
                .findFirst().orElseThrow();
        String routerCookie = routeToB.trim().split(",")[0];   // "cookie=0x…": the router's flows
        assertTrue(node2.dumpFlows("br-int").contains(routerCookie + ","), "node2 routes for the router too");
        routerAction(r, "remove_router_interface", Cloud.id(subB));
        Eventually.await("node1 withdraws the route to B", CONVERGE, () -> node1.dumpFlows("br-int"),
                s -> s.lines().noneMatch(l -> l.contains("table=77") && l.contains("nw_dst=" + CIDR_B)));
        String after = Eventually.await("the routed packet no longer reaches the tunnel", CONVERGE,
                () -> node1.trace("br-int", "icmp," + routed + ",icmp_type=8,icmp_code=0"),
                t -> !OvsNode.datapathActions(t).contains("tnl_push"));
        assertFalse(OvsNode.datapathActions(after).contains(vniText), after);
        assertTrue(OvsNode.datapathActions(after).contains("controller("),
                "no route: net unreachable from the controller:\n" + after);
        assertEquals(1, rest.get("ports?device_id=" + r).get("ports").size(), "only subnet A's interface is left");
        String unreachable = ping(vm, ipB);
        assertTrue(unreachable.contains("From " + gwA + " icmp_seq=1 Destination Net Unreachable"), unreachable);
        // node2 has no port on A's network, the router's only one now: it routes nothing there any more
        Eventually.await("node2 holds no flow of the router", CONVERGE,
                () -> node2.dumpFlows("br-int") + node2.dumpFlows("br-tun"), s -> !s.contains(routerCookie + ","));
        assertTrue(node1.dumpFlows("br-int").contains(routerCookie + ","), "node1 still routes for A");
    }

    // --- helpers ---

    /** PUT /v2.0/routers/R/ACTION with a subnet. */
    private JsonNode routerAction(String router, String action, String subnetId) throws Exception {
        return rest.action("routers/" + router + "/" + action, "{\"subnet_id\": \"" + subnetId + "\"}");
    }

    /** hostname → DVR MAC from the operator's {@code /muon/v1/nodes} ("node1  encap …  dvr-mac fa:16:3f:…"). */
    private Map<String, String> dvrMacs() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^(\\S+)\\s.*\\bdvr-mac (fa:16:3f:[0-9a-f:]{8})\\b")
                .matcher(rest.text("/muon/v1/nodes"));
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** The tables a trace went through, per bridge, in order. */
    private static Map<String, List<Integer>> tables(String trace) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        List<Integer> current = null;
        for (String line : trace.lines().toList()) {
            Matcher b = BRIDGE.matcher(line);
            if (b.find()) {
                current = out.computeIfAbsent(b.group(1), k -> new ArrayList<>());
                continue;
            }
            Matcher t = TABLE.matcher(line);
            if (current != null && t.find()) {
                current.add(Integer.parseInt(t.group(1)));
            }
        }
        return out;
    }

    /**
     * A VM for {@code port}: a namespace with eth0 (the port's MAC), its veth peer {@code dev} in the node's
     * namespace plugged into br-int as Nova/os-vif does. Returns the VM's namespace.
     */
    private String plugVm(OvsNode node, String dev, JsonNode port) throws Exception {
        vmNamespace = "muon-it-vm-" + dev + "-" + ProcessHandle.current().pid();
        node.plugVethVif(vmNamespace, new ArrayList<>(), dev, Cloud.mac(port), Cloud.id(port), "vm-" + dev);
        return vmNamespace;
    }

    private static void ip(String ns, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        OvsNode.run(cmd);
    }

    /** One ping from the namespace, whatever its outcome: what it printed. */
    private static String ping(String ns, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "ping", "-n", "-c", "1", "-W", "3"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ping did not finish: " + cmd);
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The last datapath action (a port number for an output). */
    private static String last(String actions) {
        String[] a = actions.split(",");
        return a[a.length - 1].trim();
    }

    private static String hex(String ip) {
        StringBuilder sb = new StringBuilder();
        for (String o : ip.split("\\.")) {
            sb.append(String.format("%02x", Integer.parseInt(o)));
        }
        return sb.toString();
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
}
