package dev.muon.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Security groups enforced by the flows, with real packets between "VMs" (namespaces behind veths
 * plugged into br-int as os-vif plugs them) on two real userspace Open vSwitch nodes joined by a
 * real VXLAN underlay (a veth between the nodes' namespaces, each end on a bridge carrying the
 * node's encap IP).
 *
 * <p>One VXLAN network, 10.0.0.0/24. node1: a1, a2 (default group), w1 (group "web", no ingress
 * rule at first). node2: b1 (default group), d1..d4 (group "db": ingress from members of group
 * "app"), o1 (group "web", later port security off). Checked: every flow of br-int 60–82 is on
 * the switches exactly as computed (conjunctions and ct_mark flows included, read back with
 * ovs-ofctl); default-group members reach each other (ping, TCP) on one node and across nodes;
 * a port of another group is unreachable until an ICMP rule is added, and deleting the rule stops
 * a ping already running; a TCP range rule admits its ends and nothing outside; a remote-group
 * rule admits a port while it is a member of the remote group, and its joining changes one flow
 * on the node of the referring ports however many there are; a spoofed source is dropped at the
 * port; a port without port security is reachable by anyone.
 */
@Tag("integration")
class SecurityGroupsIT {
    private static final Duration CONVERGE = Cloud.CONVERGE;
    /** How long a rule change may take to reach the dataplane ("within a few seconds"). */
    private static final Duration FEW_SECONDS = Duration.ofSeconds(10);
    private static final String IP1 = "192.168.1.11";
    private static final String IP2 = "192.168.1.12";
    private static final String UL_MAC1 = "aa:55:00:00:00:11";
    private static final String UL_MAC2 = "aa:55:00:00:00:12";
    private static final Pattern TABLE = Pattern.compile("\\btable=(\\d+),");

    private Cloud cloud;
    private OvsNode node1;
    private OvsNode node2;
    private Rest rest;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, String> vmNamespaces = new LinkedHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        cloud = Cloud.start("sg-it");
        rest = cloud.rest;
        node1 = cloud.node("node1");
        node2 = cloud.node("node2");
        underlay();
        node1.join(cloud.ovsdbPort, IP1);
        node2.join(cloud.ovsdbPort, IP2);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (Process p : processes) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            for (String ns : namespaces) {
                try {
                    OvsNode.run(List.of("ip", "netns", "del", ns));
                } catch (IOException e) {
                    System.err.println("could not delete namespace " + ns + ": " + e.getMessage());
                }
            }
        } finally {
            cloud.close();
        }
    }

    @Test
    void securityGroupsAreEnforcedBetweenRealVmsOnTwoNodes() throws Exception {
        JsonNode net = cloud.network("net");
        cloud.subnet(net, "10.0.0.0/24");
        String defaultGroup = null;
        for (JsonNode g : rest.get("security-groups").get("security_groups")) {
            if (g.get("name").asText().equals("default")) {
                defaultGroup = Cloud.id(g);
            }
        }
        assertTrue(defaultGroup != null, "the project's default group");
        String web = group("web");
        String app = group("app");
        String db = group("db");
        rule(db, "{\"direction\": \"ingress\", \"ethertype\": \"IPv4\", \"remote_group_id\": \"" + app + "\"}");

        JsonNode a1 = port(net, "a1", defaultGroup);
        JsonNode a2 = port(net, "a2", defaultGroup);
        JsonNode w1 = port(net, "w1", web);
        JsonNode b1 = port(net, "b1", defaultGroup);
        JsonNode d1 = port(net, "d1", db);
        JsonNode o1 = port(net, "o1", web);
        List<JsonNode> moreDb = List.of(port(net, "d2", db), port(net, "d3", db), port(net, "d4", db));
        vm(node1, "a1", a1);
        vm(node1, "a2", a2);
        vm(node1, "w1", w1);
        vm(node2, "b1", b1);
        vm(node2, "d1", d1);
        vm(node2, "o1", o1);
        int i = 2;
        for (JsonNode d : moreDb) {
            Cloud.plug(node2, "br-int", "tapd" + i++, d);   // ports referring to "app" that send nothing
        }
        for (JsonNode p : List.of(a1, a2, w1)) {
            cloud.awaitPort(p, "ACTIVE", "node1");
        }
        for (JsonNode p : List.of(b1, d1, o1)) {
            cloud.awaitPort(p, "ACTIVE", "node2");
        }
        for (JsonNode p : moreDb) {
            cloud.awaitPort(p, "ACTIVE", "node2");
        }
        awaitFirewallReadBackIdentical(node1);
        awaitFirewallReadBackIdentical(node2);

        // the default group: its members reach each other, on one node and across the tunnel, ping and TCP
        server("a1", 5000);
        server("b1", 5000);
        awaitReachable("a1", Cloud.ip(a2));
        awaitReachable("a1", Cloud.ip(b1));
        awaitReachable("b1", Cloud.ip(a2));
        awaitReachable("a2", Cloud.ip(a1));
        assertEquals("hello 5000", tcp("a1", Cloud.ip(b1), 5000), "TCP across nodes");
        assertEquals("hello 5000", tcp("b1", Cloud.ip(a1), 5000), "TCP across nodes, the other way");
        assertEquals("hello 5000", tcp("a2", Cloud.ip(a1), 5000), "TCP on one node");

        // a port of another group with no ingress rule: nothing gets in (while the same VMs reach a default member)
        assertUnreachable("a1", Cloud.ip(w1));
        assertUnreachable("b1", Cloud.ip(w1));
        assertReachable("a1", Cloud.ip(a2));
        assertReachable("b1", Cloud.ip(a1));

        // an ingress ICMP rule opens ping within a few seconds; deleting it stops a ping that is already running
        String icmp = rule(web, "{\"direction\": \"ingress\", \"ethertype\": \"IPv4\", \"protocol\": \"icmp\"}");
        Eventually.await("a1 pinging w1 once ICMP is allowed", FEW_SECONDS, () -> ping("a1", Cloud.ip(w1), 1),
                SecurityGroupsIT::answered);
        awaitReachable("b1", Cloud.ip(w1));
        Path running = cloud.work.resolve("running-ping.out");
        Process ping = background("a1", running, "ping", "-n", "-i", "0.2", Cloud.ip(w1));
        Eventually.await("the running ping answered", FEW_SECONDS, () -> replies(running), n -> n >= 3);
        rest.delete("security-group-rules/" + icmp);
        long stoppedAt = Eventually.await("the running ping to stop being answered", FEW_SECONDS, () -> {
            int before = replies(running);
            Thread.sleep(1500);
            return replies(running) == before ? before : -1;
        }, n -> n >= 0);
        Thread.sleep(1000);
        assertEquals(stoppedAt, replies(running), "no reply once the rule is gone:\n" + Files.readString(running));
        assertTrue(ping.isAlive(), "the ping was still sending");
        ping.destroy();
        assertUnreachable("a1", Cloud.ip(w1));
        assertUnreachable("b1", Cloud.ip(w1));

        // a TCP port range rule: 8000 and 8080 get in, 7999 and 8081 do not
        server("w1", 7999, 8000, 8080, 8081);
        rule(web, "{\"direction\": \"ingress\", \"ethertype\": \"IPv4\", \"protocol\": \"tcp\", "
                + "\"port_range_min\": 8000, \"port_range_max\": 8080}");
        Eventually.await("TCP 8000 to w1", FEW_SECONDS, () -> tcp("b1", Cloud.ip(w1), 8000), "hello 8000"::equals);
        assertEquals("hello 8080", tcp("b1", Cloud.ip(w1), 8080));
        assertEquals("hello 8080", tcp("a1", Cloud.ip(w1), 8080), "from the same node too");
        assertEquals("timeout", tcp("b1", Cloud.ip(w1), 7999));
        assertEquals("timeout", tcp("b1", Cloud.ip(w1), 8081));
        assertEquals("timeout", tcp("a1", Cloud.ip(w1), 8081));
        assertUnreachable("a1", Cloud.ip(w1));

        // a remote-group rule: d1 admits a1 while a1 is a member of "app", not before and not after
        assertUnreachable("a1", Cloud.ip(d1));
        awaitFirewallReadBackIdentical(node2);
        Map<String, String> before = flowsByKey(node2);
        setGroups(a1, defaultGroup, app);
        Eventually.await("a1 (now in app) pinging d1", FEW_SECONDS, () -> ping("a1", Cloud.ip(d1), 1),
                SecurityGroupsIT::answered);
        assertUnreachable("a2", Cloud.ip(d1));   // a2 is not a member
        // the scale property: one member flow changed on node2, however many of its ports refer to "app"
        awaitFirewallReadBackIdentical(node1);
        awaitFirewallReadBackIdentical(node2);
        Map<String, String> after = flowsByKey(node2);
        Set<String> changed = changedKeys(before, after);
        assertEquals(1, changed.size(), "a1 joining app changes one flow on node2 (4 ports refer to app): "
                + describe(changed, before, after));
        String member = changed.iterator().next();
        assertTrue(member.startsWith("table=82,") && member.contains("nw_src=" + Cloud.ip(a1)),
                describe(changed, before, after));
        // a1's address was already clause 1 of the default group's conjunction; now of "db"'s too
        Set<String> added = conjunctions(after.get(member));
        added.removeAll(conjunctions(before.getOrDefault(member, "")));
        assertEquals(1, added.size(), describe(changed, before, after));
        String dbConjunction = added.iterator().next().replace(",1/2)", ",2/2)");
        assertEquals(4, after.values().stream().filter(v -> v.contains(dbConjunction)).count(),
                "clause 2 of db's conjunction, one flow per port in db on node2: " + dbConjunction);
        setGroups(a1, defaultGroup);
        Eventually.await("a1 (out of app) no longer reaching d1", FEW_SECONDS, () -> ping("a1", Cloud.ip(d1), 2),
                o -> o.contains(" 100% packet loss"));
        Eventually.await("node2 back to its flows before a1 joined", FEW_SECONDS, () -> flowsByKey(node2),
                before::equals);

        // port security off: reachable by anyone (here w1, in no group o1 admits anything from, and a1)
        assertUnreachable("w1", Cloud.ip(o1));
        rest.put("ports/" + Cloud.id(o1), "port", "{\"port_security_enabled\": false, \"security_groups\": []}");
        Eventually.await("w1 pinging o1 without port security", FEW_SECONDS, () -> ping("w1", Cloud.ip(o1), 1),
                SecurityGroupsIT::answered);
        awaitReachable("a1", Cloud.ip(o1));
        server("o1", 22);
        assertEquals("hello 22", tcp("w1", Cloud.ip(o1), 22));

        // a spoofed source is dropped at the sender's port (table 71), its real address passes
        Path received = cloud.work.resolve("udp-received.out");
        background("o1", received, "socat", "-u", "UDP-RECV:9999", "STDOUT");
        String a1ns = vmNamespaces.get("a1");
        ip(a1ns, "addr", "add", "10.0.0.200/32", "dev", "eth0");   // so that its kernel sends from it
        ip(a1ns, "neigh", "replace", Cloud.ip(o1), "lladdr", Cloud.mac(o1), "dev", "eth0");   // no ARP needed
        String spoofDrop = "table=71, priority=10,in_port=" + ofport(node1, "a1") + " ";
        long droppedBefore = packets(node1, spoofDrop);
        Eventually.await("o1 receiving from a1's real address", FEW_SECONDS, () -> {
            exec("a1", "sh", "-c", "echo real | socat -u - UDP-SENDTO:" + Cloud.ip(o1) + ":9999,bind=" + Cloud.ip(a1));
            return Files.readString(received);
        }, s -> s.contains("real"));
        for (int k = 0; k < 3; k++) {
            exec("a1", "sh", "-c", "echo spoofed | socat -u - UDP-SENDTO:" + Cloud.ip(o1) + ":9999,bind=10.0.0.200");
        }
        Eventually.await("a1's drop flow counting the spoofed datagrams", FEW_SECONDS, () -> packets(node1, spoofDrop),
                n -> n >= droppedBefore + 3);
        exec("a1", "sh", "-c", "echo real-again | socat -u - UDP-SENDTO:" + Cloud.ip(o1) + ":9999,bind=" + Cloud.ip(a1));
        Eventually.await("o1 receiving the real address again", FEW_SECONDS, () -> Files.readString(received),
                s -> s.contains("real-again"));
        assertFalse(Files.readString(received).contains("spoofed"), Files.readString(received));

        awaitFirewallReadBackIdentical(node1);
        awaitFirewallReadBackIdentical(node2);
    }

    // --- Neutron calls ---

    private String group(String name) throws Exception {
        return Cloud.id(rest.post("security-groups", "security_group", "{\"name\": \"" + name + "\"}"));
    }

    private String rule(String group, String body) throws Exception {
        return Cloud.id(rest.post("security-group-rules", "security_group_rule",
                "{\"security_group_id\": \"" + group + "\", " + body.substring(1)));
    }

    private JsonNode port(JsonNode net, String name, String group) throws Exception {
        return rest.post("ports", "port", "{\"network_id\": \"" + Cloud.id(net) + "\", \"name\": \"" + name
                + "\", \"security_groups\": [\"" + group + "\"]}");
    }

    private void setGroups(JsonNode port, String... groups) throws Exception {
        rest.put("ports/" + Cloud.id(port), "port", "{\"security_groups\": [\"" + String.join("\", \"", groups) + "\"]}");
    }

    // --- the flows ---

    /**
     * Waits until the controller reports br-int of the node in sync, then checks it independently:
     * every flow Muon computed for tables 60–82 is what {@code ovs-ofctl dump-flows} reads back, and
     * the switch holds no other flow there. Conjunctions and the ct_mark flows must be among them.
     */
    private void awaitFirewallReadBackIdentical(OvsNode n) throws Exception {
        String report = Eventually.await(n.name + " br-int in sync", CONVERGE,
                () -> rest.text("/muon/v1/nodes/" + n.name + "/flows?bridge=br-int"),
                s -> s.contains("-- switch holds exactly these flows"));
        Set<String> computed = new TreeSet<>();
        for (String line : report.lines().toList()) {
            if (line.startsWith("cookie=") && firewallTable(line)) {
                int owner = line.indexOf("   # ");
                computed.add(owner < 0 ? line.trim() : line.substring(0, owner).trim());
            }
        }
        Set<String> onSwitch = new TreeSet<>();
        for (String line : n.ofctl("dump-flows", "--no-stats", "--no-names", "br-int").lines().toList()) {
            if (line.contains("cookie=") && firewallTable(line)) {
                onSwitch.add(line.trim());
            }
        }
        Set<String> missing = new TreeSet<>(computed);
        missing.removeAll(onSwitch);
        Set<String> extra = new TreeSet<>(onSwitch);
        extra.removeAll(computed);
        assertTrue(missing.isEmpty() && extra.isEmpty(), n.name + ": tables 60–82 differ from what Muon computed\n"
                + "computed, not read back so:\n  " + String.join("\n  ", missing)
                + "\nread back, not computed so:\n  " + String.join("\n  ", extra));
        assertTrue(computed.stream().anyMatch(f -> f.contains("conjunction(")), n.name + ": no conjunction clause");
        assertTrue(computed.stream().anyMatch(f -> f.contains("conj_id=")), n.name + ": no conj_id flow");
        assertTrue(computed.stream().anyMatch(f -> f.contains("ct_mark=0x1")), n.name + ": no revoked-connection drop");
        assertTrue(computed.stream().anyMatch(f -> f.contains("set_field:0x1->ct_mark")), n.name + ": no revoking flow");
    }

    private static boolean firewallTable(String flowLine) {
        Matcher m = TABLE.matcher(flowLine);
        if (!m.find()) {
            return false;
        }
        int t = Integer.parseInt(m.group(1));
        return t >= 60 && t <= 82;
    }

    /** br-int's flows on the switch, (table, priority, match) → cookie and actions. */
    private static Map<String, String> flowsByKey(OvsNode n) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String line : n.ofctl("dump-flows", "--no-stats", "--no-names", "br-int").lines().toList()) {
            String l = line.trim();
            if (!l.startsWith("cookie=")) {
                continue;
            }
            int comma = l.indexOf(", ");
            int actions = l.indexOf(" actions=");
            String key = l.substring(comma + 2, actions).replace(", ", ",");
            out.put(key, l.substring(0, comma) + l.substring(actions));
        }
        return out;
    }

    private static Set<String> changedKeys(Map<String, String> before, Map<String, String> after) {
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        keys.removeIf(k -> java.util.Objects.equals(before.get(k), after.get(k)));
        return keys;
    }

    /** The conjunction(id,k/n) actions of a flow. */
    private static Set<String> conjunctions(String flow) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("conjunction\\(\\d+,\\d/\\d\\)").matcher(flow);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static String describe(Set<String> keys, Map<String, String> before, Map<String, String> after) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            sb.append("\n  ").append(k).append("\n    before: ").append(before.get(k)).append("\n    after:  ")
                    .append(after.get(k));
        }
        return sb.toString();
    }

    private static String ofport(OvsNode n, String vm) throws IOException {
        return n.vsctl("get", "Interface", "tap" + vm, "ofport");
    }

    /** n_packets of the one flow whose dump line, without its statistics, contains {@code flow}. */
    private static long packets(OvsNode n, String flow) throws IOException {
        for (String line : n.ofctl("dump-flows", "--no-names", "br-int").lines().toList()) {
            String withoutStats = line.replaceAll("duration=[^,]+, ", "").replaceAll("n_packets=\\d+, n_bytes=\\d+, ", "")
                    .replaceAll("idle_age=\\d+, ", "").replaceAll("hard_age=\\d+, ", "");
            if (withoutStats.contains(flow)) {
                Matcher m = Pattern.compile("n_packets=(\\d+)").matcher(line);
                assertTrue(m.find(), line);
                return Long.parseLong(m.group(1));
            }
        }
        throw new AssertionError("no flow " + flow + " on " + n.name);
    }

    // --- the underlay and the VMs ---

    /**
     * A veth between the two nodes' namespaces, each end on a bridge br-ul whose internal port carries
     * the node's encap IP (and a fixed MAC, which the other node knows as its tunnel neighbour).
     */
    private void underlay() throws Exception {
        String ns1 = nodeNamespace(node1);
        String ns2 = nodeNamespace(node2);
        OvsNode.run(List.of("ip", "link", "add", "ul1", "netns", ns1, "type", "veth", "peer", "name", "ul2", "netns", ns2));
        underlayBridge(node1, ns1, "ul1", IP1, UL_MAC1, IP2, UL_MAC2);
        underlayBridge(node2, ns2, "ul2", IP2, UL_MAC2, IP1, UL_MAC1);
    }

    private static void underlayBridge(OvsNode n, String ns, String link, String self, String mac, String peer,
                                       String peerMac) throws Exception {
        n.vsctl("add-br", "br-ul", "--", "set", "Bridge", "br-ul", "datapath_type=netdev",
                "other-config:hwaddr=\"" + mac + "\"", "--", "add-port", "br-ul", link);
        OvsNode.run(List.of("ip", "-n", ns, "link", "set", link, "up"));
        Eventually.await(n.name + " br-ul device", CONVERGE,
                () -> OvsNode.run(List.of("ip", "-n", ns, "link", "show", "br-ul")), s -> true);
        OvsNode.run(List.of("ip", "-n", ns, "addr", "add", self + "/24", "dev", "br-ul"));
        OvsNode.run(List.of("ip", "-n", ns, "link", "set", "br-ul", "up"));
        Eventually.await(n.name + " underlay route", CONVERGE, () -> appctl(n, "ovs/route/show"),
                s -> s.contains("192.168.1.0/24 dev br-ul"));
        appctl(n, "tnl/neigh/set", "br-ul", peer, peerMac);
    }

    /**
     * A VM: namespace with eth0 (the port's MAC and address, MTU 1450, TX checksum offload off as on
     * the userspace datapath it must be), its veth peer tap&lt;name&gt; plugged into br-int as os-vif does.
     */
    private void vm(OvsNode node, String name, JsonNode port) throws Exception {
        String ns = "muon-sg-" + name + "-" + ProcessHandle.current().pid();
        node.plugVethVif(ns, namespaces, "tap" + name, Cloud.mac(port), Cloud.id(port), "vm-" + name);
        vmNamespaces.put(name, ns);
        ip(ns, "link", "set", "lo", "up");
        ip(ns, "link", "set", "eth0", "mtu", "1450");
        ip(ns, "addr", "add", Cloud.ip(port) + "/24", "dev", "eth0");
        OvsNode.run(List.of("ip", "netns", "exec", ns, "ethtool", "-K", "eth0", "tx", "off"));
    }

    /** A TCP server in the VM answering "hello PORT" on each port (socat, as cheap to start as it gets). */
    private void server(String vm, int... ports) throws Exception {
        for (int p : ports) {
            background(vm, cloud.work.resolve("server-" + vm + "-" + p + ".out"), "socat",
                    "TCP-LISTEN:" + p + ",fork,reuseaddr", "SYSTEM:echo hello " + p);
            Eventually.await(vm + " listening on " + p, FEW_SECONDS, () -> tcp(vm, "127.0.0.1", p),
                    ("hello " + p)::equals);
        }
    }

    /** What a TCP connection from the VM got: the server's greeting, "timeout", "refused", or nc's words. */
    private String tcp(String vm, String ip, int port) throws Exception {
        String out = exec(vm, "busybox", "nc", "-w", "2", ip, Integer.toString(port)).trim();
        return out.contains("timed out") ? "timeout" : out.contains("refused") ? "refused" : out;
    }

    private String ping(String vm, String ip, int count) throws Exception {
        return exec(vm, "ping", "-n", "-c", Integer.toString(count), "-i", "0.2", "-W", "1", ip);
    }

    private static boolean answered(String pingOutput) {
        return pingOutput.contains(" 0% packet loss");
    }

    private void awaitReachable(String vm, String ip) throws Exception {
        Eventually.await(vm + " pinging " + ip, CONVERGE, () -> ping(vm, ip, 1), SecurityGroupsIT::answered);
    }

    private void assertReachable(String vm, String ip) throws Exception {
        String out = ping(vm, ip, 1);
        assertTrue(answered(out), vm + " reaches " + ip + ":\n" + out);
    }

    private void assertUnreachable(String vm, String ip) throws Exception {
        String out = ping(vm, ip, 3);
        assertTrue(out.contains(" 100% packet loss"), vm + " does not reach " + ip + ":\n" + out);
    }

    /** The echo replies a running ping has printed so far. */
    private static int replies(Path out) throws IOException {
        return (int) Files.readString(out).lines().filter(l -> l.contains("bytes from")).count();
    }

    private Process background(String vm, Path out, String... cmd) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", vmNamespaces.get(vm)));
        full.addAll(List.of(cmd));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        processes.add(p);
        return p;
    }

    private String exec(String vm, String... cmd) throws Exception {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", vmNamespaces.get(vm)));
        full.addAll(List.of(cmd));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish: " + full);
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String nodeNamespace(OvsNode n) throws IOException {
        return Files.readString(n.dir.resolve("netns")).trim();
    }

    private static void ip(String ns, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        OvsNode.run(cmd);
    }

    private static String appctl(OvsNode n, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ovs-appctl", "-t", n.dir.resolve("ovs-vswitchd.ctl").toString()));
        cmd.addAll(List.of(args));
        return OvsNode.run(cmd);
    }
}
