package dev.muon.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
 * A VM that floods DHCP is held to its meter in Open vSwitch (issue 12): its DHCPDISCOVERs,
 * sent as fast as a raw socket goes, reach the controller and are answered only at the
 * configured rate, while another VM on the same node gets its lease from the controller in
 * the middle of the flood. The meter is the reconciler's: on br-int while the port is plugged,
 * gone once it is unplugged.
 */
@Tag("integration")
class DhcpMeterIT {
    private static final Duration CONVERGE = Cloud.CONVERGE;
    private static final int RATE = 20;
    private static final int BURST = 10;
    private static final double FLOOD_SECONDS = 4;
    private static final Path SCRIPT = OvsNode.repoRoot().resolve("test-topologies/udhcpc-script.sh");
    private static final Path FLOOD = OvsNode.repoRoot().resolve("test-topologies/tools/dhcp_flood.py");

    private Cloud cloud;
    private OvsNode node;
    private Rest rest;
    private final List<String> namespaces = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        cloud = Cloud.start("dhcp-meter-it", Map.of("dhcp.meter.packets.per.second", Integer.toString(RATE),
                "dhcp.meter.burst", Integer.toString(BURST)));
        rest = cloud.rest;
        node = cloud.joinedNode("node1", "192.168.1.11");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (String ns : namespaces) {
            OvsNode.run(List.of("ip", "netns", "del", ns));
        }
        cloud.close();
    }

    @Test
    void aFloodingPortIsHeldToItsMeterWhileAnotherPortGetsItsLease() throws Exception {
        String netId = rest.post("networks", "network", "{\"name\": \"net1\"}").get("id").asText();
        rest.post("subnets", "subnet", "{\"network_id\": \"" + netId + "\", \"cidr\": \"10.0.0.0/24\", \"ip_version\": 4}");
        JsonNode flooder = rest.post("ports", "port", "{\"network_id\": \"" + netId + "\","
                + " \"fixed_ips\": [{\"ip_address\": \"10.0.0.10\"}]}");
        JsonNode quiet = rest.post("ports", "port", "{\"network_id\": \"" + netId + "\","
                + " \"fixed_ips\": [{\"ip_address\": \"10.0.0.11\"}]}");
        String floodNs = plug("vmf", "tapvmf", flooder);
        String quietNs = plug("vmq", "tapvmq", quiet);
        int floodPort = ofport("tapvmf");
        int quietPort = ofport("tapvmq");
        // each port's DHCP through its own meter, at the configured rate
        String meters = Eventually.await("both ports' meters on br-int", CONVERGE,
                () -> node.ofctl("dump-meters", "br-int"),
                s -> s.contains("meter=" + floodPort + " ") && s.contains("meter=" + quietPort + " "));
        assertTrue(meters.contains("meter=" + floodPort + " pktps burst stats bands=\ntype=drop rate=" + RATE
                + " burst_size=" + BURST), meters);
        assertTrue(node.dumpFlows("br-int").contains("in_port=" + floodPort + ",tp_src=68,tp_dst=67 actions=meter:"
                + floodPort + ",CONTROLLER:65535"));

        // the flooder has its address, so the controller's unicast OFFERs reach its counting socket
        OvsNode.run(List.of("ip", "-n", floodNs, "addr", "add", "10.0.0.10/24", "dev", "eth0"));
        Process flood = new ProcessBuilder("ip", "netns", "exec", floodNs, "/usr/bin/python3", FLOOD.toString(), "eth0",
                flooder.get("mac_address").asText(), Double.toString(FLOOD_SECONDS)).redirectErrorStream(true).start();
        Thread.sleep(1000);
        long t0 = System.nanoTime();
        Map<String, String> lease = udhcpc(quietNs);
        long leaseMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(flood.waitFor(30, TimeUnit.SECONDS), "the flood ends");
        String report = new String(flood.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, flood.exitValue(), report);
        assertEquals("10.0.0.11", lease.get("ip"), "the quiet port got its lease during the flood: " + lease);

        Matcher m = Pattern.compile("sent=(\\d+) replies=(\\d+) seconds=([\\d.]+)").matcher(report);
        assertTrue(m.find(), report);
        long sent = Long.parseLong(m.group(1));
        long replies = Long.parseLong(m.group(2));
        double seconds = Double.parseDouble(m.group(3));
        long[] stats = meterStats(floodPort);
        System.out.printf("flood: %d DISCOVERs in %.1f s (%.0f/s), %d answered (meter: %d in, %d dropped);"
                + " quiet port's lease in %d ms%n", sent, seconds, sent / seconds, replies, stats[0], stats[1], leaseMs);
        long allowed = (long) Math.ceil(RATE * (seconds + 1)) + BURST;
        // (the userspace datapath takes in what it can of the flood; the veth drops the rest)
        assertTrue(stats[0] > 20 * allowed, "a real flood reached br-int's DHCP flow: " + stats[0] + " of " + sent);
        long passed = stats[0] - stats[1];
        assertTrue(passed <= allowed, "the meter passed " + passed + " > " + allowed);
        assertTrue(replies <= allowed, "answered " + replies + " > " + allowed + ": " + report);
        assertTrue(replies >= RATE * seconds / 2, "the flooder still gets its share: " + report);

        // unplugged: the port's flow and its meter go
        node.vsctl("del-port", "br-int", "tapvmf");
        Eventually.await("the flooder's meter removed", CONVERGE, () -> node.ofctl("dump-meters", "br-int"),
                s -> !s.contains("meter=" + floodPort + " ") && s.contains("meter=" + quietPort + " "));
    }

    /** The meter's packet_in_count and its drop band's packet_count. */
    private long[] meterStats(int meter) throws Exception {
        String s = node.ofctl("meter-stats", "br-int", "meter=" + meter);
        Matcher in = Pattern.compile("packet_in_count:(\\d+)").matcher(s);
        Matcher dropped = Pattern.compile("0: packet_count:(\\d+)").matcher(s);
        assertTrue(in.find() && dropped.find(), s);
        return new long[] {Long.parseLong(in.group(1)), Long.parseLong(dropped.group(1))};
    }

    private int ofport(String iface) throws Exception {
        return Integer.parseInt(node.vsctl("get", "Interface", iface, "ofport"));
    }

    private String plug(String name, String tap, JsonNode port) throws Exception {
        String ns = "muon-it-" + name + "-" + ProcessHandle.current().pid();
        node.plugVethVif(ns, namespaces, tap, port.get("mac_address").asText(), port.get("id").asText(), "vm-" + name);
        Eventually.await(name + " port ACTIVE", CONVERGE, () -> rest.get("ports/" + port.get("id").asText()).get("port"),
                j -> "ACTIVE".equals(j.get("status").asText()));
        return ns;
    }

    private Map<String, String> udhcpc(String ns) throws Exception {
        Path record = cloud.work.resolve(ns + ".lease");
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", ns, "busybox", "udhcpc", "-i", "eth0", "-f",
                "-q", "-n", "-t", "5", "-T", "1", "-s", SCRIPT.toString()).redirectErrorStream(true);
        pb.environment().put("MUON_DHCP_RECORD", record.toString());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("udhcpc did not finish");
        }
        System.out.println(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        Map<String, String> lease = new LinkedHashMap<>();
        if (Files.exists(record)) {
            for (String line : Files.readAllLines(record)) {
                int eq = line.indexOf('=');
                lease.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return lease;
    }
}
