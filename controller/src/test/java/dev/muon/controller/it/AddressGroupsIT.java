package dev.muon.controller.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.pipeline.flow.Cookies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A security group rule naming a remote address group, enforced by the flows of a real userspace
 * Open vSwitch with real packets between "VMs" (namespaces behind veths plugged into br-int as
 * os-vif plugs them). One VXLAN network 10.0.0.0/24 on node1: t (group "guarded": ingress ICMP
 * from the address group "office" only), x and y (the default group). Checked: x, whose address is
 * in the group, reaches t and y does not; add_addresses lets y in and remove_addresses shuts x out,
 * each within a few seconds and by one clause flow of table 82 on the node.
 */
@Tag("integration")
class AddressGroupsIT {
    private static final Duration CONVERGE = Cloud.CONVERGE;
    private static final Duration FEW_SECONDS = Duration.ofSeconds(10);

    private Cloud cloud;
    private OvsNode node1;
    private Rest rest;
    private final List<String> namespaces = new ArrayList<>();
    private final Map<String, String> vmNamespaces = new LinkedHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        cloud = Cloud.start("ag-it");
        rest = cloud.rest;
        node1 = cloud.node("node1");
        node1.join(cloud.ovsdbPort, "192.168.1.11");
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
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
    void onlyTheGroupsAddressesGetInAndItsChangesReachTheDataplane() throws Exception {
        JsonNode net = cloud.network("net");
        cloud.subnet(net, "10.0.0.0/24");
        JsonNode x = rest.post("ports", "port", "{\"network_id\": \"" + Cloud.id(net) + "\", \"name\": \"x\"}");
        JsonNode y = rest.post("ports", "port", "{\"network_id\": \"" + Cloud.id(net) + "\", \"name\": \"y\"}");
        String office = Cloud.id(rest.post("address-groups", "address_group", "{\"name\": \"office\", "
                + "\"addresses\": [\"" + Cloud.ip(x) + "/32\", \"2001:db8::/64\"]}"));
        String guarded = Cloud.id(rest.post("security-groups", "security_group", "{\"name\": \"guarded\"}"));
        rest.post("security-group-rules", "security_group_rule", "{\"security_group_id\": \"" + guarded
                + "\", \"direction\": \"ingress\", \"ethertype\": \"IPv4\", \"protocol\": \"icmp\", "
                + "\"remote_address_group_id\": \"" + office + "\"}");
        JsonNode t = cloud.port(net, guarded);
        vm("t", t);
        vm("x", x);
        vm("y", y);
        for (JsonNode p : List.of(t, x, y)) {
            cloud.awaitPort(p, "ACTIVE", "node1");
        }

        // x's address is in the group: its pings get in; y's is not: they are dropped
        Eventually.await("x pinging t", CONVERGE, () -> ping("x", Cloud.ip(t), 1), AddressGroupsIT::answered);
        assertUnreachable("y", Cloud.ip(t));
        assertTrue(clauseFlow(office, Cloud.ip(x)), "x's address is clause 1 of the rule's conjunction");
        assertFalse(clauseFlow(office, Cloud.ip(y)));

        // add_addresses: y gets in within a few seconds, x still does
        rest.action("address-groups/" + office + "/add_addresses",
                "{\"addresses\": [\"" + Cloud.ip(y) + "\"]}");
        Eventually.await("y (now in office) pinging t", FEW_SECONDS, () -> ping("y", Cloud.ip(t), 1),
                AddressGroupsIT::answered);
        assertTrue(answered(ping("x", Cloud.ip(t), 1)), "x still gets in");
        assertTrue(clauseFlow(office, Cloud.ip(y)));

        // remove_addresses: x is shut out, y still gets in
        rest.action("address-groups/" + office + "/remove_addresses",
                "{\"addresses\": [\"" + Cloud.ip(x) + "/32\"]}");
        Eventually.await("x (out of office) no longer reaching t", FEW_SECONDS, () -> ping("x", Cloud.ip(t), 2),
                o -> o.contains(" 100% packet loss"));
        assertTrue(answered(ping("y", Cloud.ip(t), 1)), "y still gets in");
        assertFalse(clauseFlow(office, Cloud.ip(x)));
    }

    /** Whether br-int 82 has the address group's clause-1 flow of {@code ip}. */
    private boolean clauseFlow(String addressGroup, String ip) throws IOException {
        String cookie = "cookie=0x" + Long.toHexString(Cookies.of(Cookies.Kind.ADDRESS_GROUP, addressGroup)) + ",";
        String match = "priority=70,ip,nw_src=" + ip + " actions=conjunction(";
        return node1.ofctl("dump-flows", "--no-stats", "--no-names", "br-int", "table=82").lines()
                .anyMatch(l -> l.contains(cookie) && l.contains(match));
    }

    /** A VM: namespace with eth0 (the port's MAC and address), its veth peer tap&lt;name&gt; plugged into br-int. */
    private void vm(String name, JsonNode port) throws Exception {
        String ns = "muon-ag-" + name + "-" + ProcessHandle.current().pid();
        node1.plugVethVif(ns, namespaces, "tap" + name, Cloud.mac(port), Cloud.id(port), "vm-" + name);
        vmNamespaces.put(name, ns);
        ip(ns, "link", "set", "lo", "up");
        ip(ns, "link", "set", "eth0", "mtu", "1450");
        ip(ns, "addr", "add", Cloud.ip(port) + "/24", "dev", "eth0");
        OvsNode.run(List.of("ip", "netns", "exec", ns, "ethtool", "-K", "eth0", "tx", "off"));
    }

    private String ping(String vm, String ip, int count) throws Exception {
        List<String> cmd = List.of("ip", "netns", "exec", vmNamespaces.get(vm), "ping", "-n", "-c",
                Integer.toString(count), "-i", "0.2", "-W", "1", ip);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish: " + cmd);
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static boolean answered(String pingOutput) {
        return pingOutput.contains(" 0% packet loss");
    }

    private void assertUnreachable(String vm, String ip) throws Exception {
        String out = ping(vm, ip, 3);
        assertTrue(out.contains(" 100% packet loss"), vm + " does not reach " + ip + ":\n" + out);
    }

    private static void ip(String ns, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        OvsNode.run(cmd);
    }
}
