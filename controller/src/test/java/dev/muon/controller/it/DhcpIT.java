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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real DHCP client (busybox udhcpc) in a namespace veth'd into a real node's br-int gets
 * its port's address and options from the controller: packet-in, reply, packet-out.
 */
@Tag("integration")
class DhcpIT {
    private static final Duration CONVERGE = Cloud.CONVERGE;
    private static final Path SCRIPT = OvsNode.repoRoot().resolve("test-topologies/udhcpc-script.sh");

    private Cloud cloud;
    private OvsNode node;
    private Rest rest;
    private final List<String> clientNamespaces = new ArrayList<>();
    private String lastOutput = "";

    @BeforeEach
    void setUp() throws Exception {
        cloud = Cloud.start("dhcp-it", Map.of("dhcp.lease.seconds", "3600"));
        rest = cloud.rest;
        node = cloud.joinedNode("node1", "192.168.1.11");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (String ns : clientNamespaces) {
            OvsNode.run(List.of("ip", "netns", "del", ns));
        }
        cloud.close();
    }

    @Test
    void udhcpcGetsItsFixedAddressAndEveryOptionFromTheController() throws Exception {
        JsonNode net = rest.post("networks", "network", "{\"name\": \"net1\"}");
        String netId = net.get("id").asText();
        rest.post("subnets", "subnet", "{\"network_id\": \"" + netId + "\", \"cidr\": \"10.0.0.0/24\","
                + " \"ip_version\": 4, \"dns_nameservers\": [\"192.0.2.53\", \"192.0.2.54\"],"
                + " \"host_routes\": [{\"destination\": \"172.16.0.0/24\", \"nexthop\": \"10.0.0.254\"}]}");
        JsonNode port = rest.post("ports", "port", "{\"network_id\": \"" + netId + "\","
                + " \"fixed_ips\": [{\"ip_address\": \"10.0.0.10\"}]}");
        String ns = plugClient("vm1", "tapvm1", port);
        Eventually.await("DHCP flow for tapvm1", CONVERGE, () -> node.dumpFlows("br-int"),
                s -> s.matches("(?s).*tp_src=68,tp_dst=67 actions=meter:\\d+,CONTROLLER:65535.*"));

        long t0 = System.nanoTime();
        Map<String, String> lease = udhcpc(ns, 5);
        System.out.printf("udhcpc obtained its lease in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        assertEquals("bound", lease.get("event"), lease.toString());
        assertEquals("10.0.0.10", lease.get("ip"));
        assertEquals("255.255.255.0", lease.get("subnet"));
        assertEquals("24", lease.get("mask"));
        assertEquals("10.0.0.1", lease.get("router"));
        assertEquals("10.0.0.1", lease.get("serverid"));
        assertEquals("192.0.2.53 192.0.2.54", lease.get("dns"));
        assertEquals("1450", lease.get("mtu"));
        assertEquals("172.16.0.0/24 10.0.0.254 0.0.0.0/0 10.0.0.1", lease.get("staticroutes"));
        assertEquals("host-10-0-0-10", lease.get("hostname"));
        assertEquals("openstacklocal", lease.get("domain"));
        assertEquals("3600", lease.get("lease"));

        // and the client's interface is configured from it
        String link = ip(ns, "-4", "addr", "show", "dev", "eth0");
        assertTrue(link.contains("inet 10.0.0.10/24"), link);
        assertTrue(link.contains("mtu 1450"), link);
        String routes = ip(ns, "-4", "route");
        assertTrue(routes.contains("172.16.0.0/24 via 10.0.0.254"), routes);
        assertTrue(routes.contains("default via 10.0.0.1"), routes);

        // the exchange went through br-int's DHCP flow: DISCOVER and REQUEST
        Eventually.await("DHCP flow counted the DISCOVER and REQUEST", CONVERGE,
                () -> dhcpFlowPackets(node.dumpFlows("br-int")), n -> n >= 2);
    }

    /**
     * extra_dhcp_opt, dns-integration: what a port's extra options and DNS names say reaches a
     * real client, in place of the server's own options where they name the same one, and an
     * update of the options is what the next exchange hands out.
     */
    @Test
    void udhcpcGetsThePortsExtraOptionsAndDnsNames() throws Exception {
        JsonNode net = rest.post("networks", "network", "{\"name\": \"net3\", \"dns_domain\": \"example.org.\"}");
        String netId = net.get("id").asText();
        rest.post("subnets", "subnet", "{\"network_id\": \"" + netId + "\", \"cidr\": \"10.2.0.0/24\","
                + " \"ip_version\": 4, \"dns_nameservers\": [\"192.0.2.53\"]}");
        JsonNode port = rest.post("ports", "port", "{\"network_id\": \"" + netId + "\", \"dns_name\": \"web1\","
                + " \"extra_dhcp_opts\": ["
                + "{\"opt_name\": \"bootfile-name\", \"opt_value\": \"pxelinux.0\"},"
                + "{\"opt_name\": \"tftp-server\", \"opt_value\": \"192.0.2.69\"},"
                + "{\"opt_name\": \"server-ip-address\", \"opt_value\": \"192.0.2.45\"},"
                + "{\"opt_name\": \"ntp-server\", \"opt_value\": \"192.0.2.123\"},"
                + "{\"opt_name\": \"dns-server\", \"opt_value\": \"198.51.100.53\"},"
                + "{\"opt_name\": \"mtu\", \"opt_value\": \"1400\"},"
                + "{\"opt_name\": \"224\", \"opt_value\": \"01:02:ff\"}]}");
        String ns = plugClient("vm3", "tapvm3", port);
        Eventually.await("DHCP flow for tapvm3", CONVERGE, () -> node.dumpFlows("br-int"),
                s -> s.matches("(?s).*tp_src=68,tp_dst=67 actions=meter:\\d+,CONTROLLER:65535.*"));
        String more = "siaddr tftp bootfile ntpsrv opt224";

        Map<String, String> lease = udhcpc(ns, 5, more);

        assertEquals("bound", lease.get("event"), lease.toString());
        assertEquals(port.get("fixed_ips").get(0).get("ip_address").asText(), lease.get("ip"));
        assertEquals("pxelinux.0", lease.get("bootfile"));
        assertEquals("192.0.2.69", lease.get("tftp"));
        assertEquals("192.0.2.45", lease.get("siaddr"), "server-ip-address is the next server");
        assertEquals("192.0.2.123", lease.get("ntpsrv"));
        assertEquals("198.51.100.53", lease.get("dns"), "in place of the subnet's name servers");
        assertEquals("1400", lease.get("mtu"), "in place of the network's MTU");
        assertEquals("0102ff", lease.get("opt224"), "an option by its code, hex bytes");
        assertEquals("web1", lease.get("hostname"), "dns_name");
        assertEquals("example.org", lease.get("domain"), "the network's dns_domain");
        assertEquals("10.2.0.1", lease.get("router"));
        assertTrue(ip(ns, "-4", "addr", "show", "dev", "eth0").contains("mtu 1400"));

        rest.put("ports/" + port.get("id").asText(), "port", "{\"extra_dhcp_opts\": ["
                + "{\"opt_name\": \"ntp-server\", \"opt_value\": null},"
                + "{\"opt_name\": \"bootfile-name\", \"opt_value\": \"ipxe.efi\"},"
                + "{\"opt_name\": \"router\", \"opt_value\": \"\"}]}");
        Map<String, String> renewed = udhcpc(ns, 5, more);
        assertEquals("ipxe.efi", renewed.get("bootfile"), renewed.toString());
        assertEquals("", renewed.get("ntpsrv"), "removed with a null value");
        assertEquals("", renewed.get("router"), "a blank router sends none");
        assertEquals("192.0.2.69", renewed.get("tftp"), "the options not named stay");
    }

    @Test
    void aSubnetWithDhcpDisabledGetsNoAnswerAndNoFlow() throws Exception {
        JsonNode net = rest.post("networks", "network", "{\"name\": \"net2\"}");
        String netId = net.get("id").asText();
        rest.post("subnets", "subnet", "{\"network_id\": \"" + netId + "\", \"cidr\": \"10.1.0.0/24\","
                + " \"ip_version\": 4, \"enable_dhcp\": false}");
        JsonNode port = rest.post("ports", "port", "{\"network_id\": \"" + netId + "\"}");
        String ns = plugClient("vm2", "tapvm2", port);
        String flows = Eventually.await("anti-spoofing flows for tapvm2", CONVERGE, () -> node.dumpFlows("br-int"),
                s -> s.contains("dl_src=" + port.get("mac_address").asText()));
        // no DHCP punted to the controller (the firewall's own pass for DHCP clients, table 71, stays)
        assertFalse(flows.lines().anyMatch(l -> l.contains("tp_src=68") && l.contains("CONTROLLER")), flows);

        Map<String, String> lease = udhcpc(ns, 2);
        assertEquals(Map.of(), lease, "no DHCP server answers on a subnet with enable_dhcp=false");
        assertTrue(lastOutput.contains("discover"), "the client did ask: " + lastOutput);
    }

    /** A namespace with eth0 (the port's MAC) whose peer is plugged on br-int as Nova does; returns the namespace. */
    private String plugClient(String name, String tap, JsonNode port) throws Exception {
        String ns = "muon-it-" + name + "-" + ProcessHandle.current().pid();
        node.plugVethVif(ns, clientNamespaces, tap, port.get("mac_address").asText(), port.get("id").asText(), "vm-" + name);
        Eventually.await(name + " port ACTIVE", CONVERGE, () -> rest.get("ports/" + port.get("id").asText()).get("port"),
                j -> "ACTIVE".equals(j.get("status").asText()));
        return ns;
    }

    /** Runs udhcpc once in {@code ns}; returns what its script recorded (empty if it got no lease). */
    private Map<String, String> udhcpc(String ns, int tries) throws Exception {
        return udhcpc(ns, tries, "");
    }

    /** ... also recording udhcpc's variables named in {@code more} (space-separated). */
    private Map<String, String> udhcpc(String ns, int tries, String more) throws Exception {
        Path record = cloud.work.resolve(ns + ".lease");
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", ns, "busybox", "udhcpc", "-i", "eth0", "-f",
                "-q", "-n", "-t", Integer.toString(tries), "-T", "1", "-s", SCRIPT.toString(), "-O", "mtu",
                "-O", "staticroutes").redirectErrorStream(true);
        pb.environment().put("MUON_DHCP_RECORD", record.toString());
        pb.environment().put("MUON_DHCP_RECORD_MORE", more);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("udhcpc did not finish");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(out);
        lastOutput = out;
        Map<String, String> lease = new LinkedHashMap<>();
        if (Files.exists(record)) {
            for (String line : Files.readAllLines(record)) {
                int eq = line.indexOf('=');
                lease.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertEquals(lease.isEmpty() ? 1 : 0, p.exitValue(), out);
        return lease;
    }

    private static String ip(String ns, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        return OvsNode.run(cmd);
    }

    private static int dhcpFlowPackets(String dump) {
        Matcher m = Pattern.compile("n_packets=(\\d+),.*tp_src=68,tp_dst=67").matcher(dump);
        int total = 0;
        while (m.find()) {
            total += Integer.parseInt(m.group(1));
        }
        return total;
    }
}
