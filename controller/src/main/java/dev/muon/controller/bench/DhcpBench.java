package dev.muon.controller.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.controller.MuonConfig;
import dev.muon.controller.MuonController;
import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.DhcpMeter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DHCP through Open vSwitch and the controller (issue 12): a {@link MuonController} in this JVM
 * and one real userspace OVS node with {@code ports} VIFs, each a network namespace veth'd into
 * br-int as os-vif plugs it. {@code test-topologies/tools/dhcp_load.py} offers DHCPDISCOVER and
 * DHCPREQUEST from every VIF in turn at a steady rate (one process, one raw socket per VIF) and
 * counts the OFFERs and ACKs that come back; each rate for {@code seconds}, DHCP meters off so
 * the controller path is what is measured. Then the flood: one VIF sends DISCOVERs as fast as a
 * raw socket goes ({@code dhcp_flood.py}; then at 40000/s) while the others offer a steady rate ({@link #FLOODS}),
 * with the per-port meter at its default and without it. Prints figures; asserts nothing.
 * The load generator shares the machine's cores with OVS and the controller, so beside the rates
 * it prints the CPU time the controller's process and ovs-vswitchd spent per reply, which depends
 * less on what else the machine is running.
 */
public final class DhcpBench {
    public static final int DEFAULT_PORTS = 50;
    public static final List<Integer> DEFAULT_RATES = List.of(2000, 5000, 10000, 15000, 20000, 30000);
    public static final int DEFAULT_SECONDS = 5;
    /**
     * Floods: {flooder's rate (0: as fast as a raw socket goes), what the others offer in all}. The
     * others stay under the default meter (100/s each at 50 VIFs: 4000/s is 82/s a port); the second
     * flood asks more of the controller than it answers, unless a meter holds the flooder.
     */
    static final List<int[]> FLOODS = List.of(new int[] {0, 4000}, new int[] {40000, 4000});
    private static final Pattern RESULT = Pattern.compile("sent=(\\d+) replies=(\\d+) seconds=([\\d.]+)");

    private final Path repo;
    private final PrintStream out;
    private MuonController controller;
    private BenchNode node;
    private final List<String> namespaces = new ArrayList<>();
    /** Per VIF: NS,IFACE,MAC,IP,SERVER as dhcp_load.py takes it. */
    private final List<String> vifs = new ArrayList<>();
    private BenchApi api;

    public DhcpBench(Path repo, PrintStream out) {
        this.repo = repo;
        this.out = out;
    }

    /** {@code DhcpBench [ports [seconds [rate ...]]]}, from the repository root. */
    public static void main(String[] args) throws Exception {
        int ports = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORTS;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_SECONDS;
        List<Integer> rates = args.length > 2 ? Arrays.stream(args).skip(2).map(Integer::parseInt).toList() : DEFAULT_RATES;
        new DhcpBench(Path.of("").toAbsolutePath(), System.out).run(ports, rates, seconds);
    }

    public void run() throws Exception {
        run(DEFAULT_PORTS, DEFAULT_RATES, DEFAULT_SECONDS);
    }

    public void run(int ports, List<Integer> rates, int seconds) throws Exception {
        if (ports < 2 || ports > 250) {
            throw new IllegalArgumentException("ports: 2..250, not " + ports);
        }
        out.println();
        out.println("dhcp (issue 12): a real controller and one real userspace OVS node, " + ports + " VIFs (namespaces);"
                + " DISCOVER/REQUEST offered from every VIF in turn at a steady rate for " + seconds + " s each, DHCP"
                + " meters off; replies counted in the VIFs (OFFER/ACK), until 1 s after the last request");
        Path work = Files.createTempDirectory("muon-bench-dhcp");
        try {
            start(work, ports);
            load(2000, 2, List.copyOf(vifs));   // warm-up (JIT), not shown
            out.println("offered/s  sent/s  replies/s  loss    controller_cpu_us/reply  ovs_cpu_us/reply");
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            for (int rate : rates) {
                long cpu0 = os.getProcessCpuTime();
                long ovs0 = node.vswitchdCpuNanos();
                long[] r = load(rate, seconds, List.copyOf(vifs));
                long cpu = os.getProcessCpuTime() - cpu0;
                long ovs = node.vswitchdCpuNanos() - ovs0;
                double s = r[2] / 1000.0;
                double replies = Math.max(1, r[1]);
                out.printf("%9d  %6.0f  %9.0f  %5.1f%%  %23.1f  %16.1f%n", rate, r[0] / s, r[1] / s, loss(r),
                        cpu / 1000.0 / replies, ovs / 1000.0 / replies);
            }
            out.println();
            out.println("flood: VIF 1 sends DHCPDISCOVERs as fast as a raw socket goes, then DISCOVER/REQUEST at 40000/s;"
                    + " the other " + (ports - 1) + " offer a steady rate in all, for " + seconds + " s");
            out.println("meter                flood sent/s  flood answered/s  others offered/s  others answered/s"
                    + "  others' loss");
            DhcpMeter meter = DhcpMeter.DEFAULT;
            for (int[] flood : FLOODS) {
                out.println(floodRow(String.format("%d/s burst %d", meter.packetsPerSecond(), meter.burst()), meter,
                        flood[0], flood[1], seconds));
                out.println(floodRow("none", DhcpMeter.OFF, flood[0], flood[1], seconds));
            }
        } finally {
            stop(work);
        }
    }

    private String floodRow(String label, DhcpMeter meter, int floodRate, int othersRate, int seconds) throws Exception {
        setMeter(meter);
        String[] flooder = vifs.get(0).split(",");
        Process flood = floodRate == 0
                ? new ProcessBuilder("ip", "netns", "exec", flooder[0], "/usr/bin/python3",
                        repo.resolve("test-topologies/tools/dhcp_flood.py").toString(), flooder[1], flooder[2],
                        Integer.toString(seconds + 2)).redirectErrorStream(true).start()
                : new ProcessBuilder("/usr/bin/python3", repo.resolve("test-topologies/tools/dhcp_load.py").toString(),
                        Integer.toString(floodRate), Integer.toString(seconds + 2), vifs.get(0))
                        .redirectErrorStream(true).start();
        Thread.sleep(1000);
        long[] others = load(othersRate, seconds, vifs.subList(1, vifs.size()));
        long[] f = result(flood, seconds + 30);
        double fs = f[2] / 1000.0;
        double s = others[2] / 1000.0;
        return String.format("%-19s  %12.0f  %16.0f  %16.0f  %17.0f  %11.1f%%", label, f[0] / fs, f[1] / fs,
                others[0] / s, others[1] / s, loss(others));
    }

    private void setMeter(DhcpMeter meter) throws Exception {
        controller.reconciler().dhcpMeter(meter);
        controller.reconciler().request();
        String want = meter.packetsPerSecond() == 0 ? "" : "rate=" + meter.packetsPerSecond() + " ";
        await("DHCP meters " + (want.isEmpty() ? "gone" : "at " + want), () -> {
            try {
                String dump = node.ofctl("dump-meters", Bridges.INTEGRATION);
                String flows = node.ofctl("dump-flows", Bridges.INTEGRATION, "table=0");
                long metered = flows.lines().filter(l -> l.contains("tp_src=68") && l.contains("meter:")).count();
                return want.isEmpty() ? metered == 0 && !dump.contains("rate=")
                        : metered == vifs.size() && dump.split(Pattern.quote(want), -1).length - 1 == vifs.size();
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** {sent, replies, milliseconds} of one dhcp_load.py run. */
    private long[] load(int rate, int seconds, List<String> from) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3",
                repo.resolve("test-topologies/tools/dhcp_load.py").toString(), Integer.toString(rate),
                Integer.toString(seconds)));
        cmd.addAll(from);
        return result(new ProcessBuilder(cmd).redirectErrorStream(true).start(), seconds + 30);
    }

    private static long[] result(Process p, int timeoutSeconds) throws Exception {
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("DHCP load generator did not finish");
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = RESULT.matcher(text);
        if (p.exitValue() != 0 || !m.find()) {
            throw new IOException("DHCP load generator failed: " + text);
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Math.round(Double.parseDouble(m.group(3)) * 1000)};
    }

    private static double loss(long[] r) {
        return r[0] == 0 ? 0 : 100.0 * Math.max(0, r[0] - r[1]) / r[0];
    }

    // --- the cloud ---

    private void start(Path work, int ports) throws Exception {
        BenchPorts listen = BenchPorts.free();
        int restPort = listen.rest();
        int ofPort = listen.openflow();
        Map<String, String> o = listen.options(work);
        o.put("dhcp.meter.packets.per.second", "0");
        controller = new MuonController(MuonConfig.load(null, Map.of(), o));
        controller.start();
        api = new BenchApi(restPort);
        node = BenchNode.start(repo, work.resolve("node1"), ofPort, "dhcp");
        node.vsctl("set-manager", "tcp:127.0.0.1:" + listen.ovsdb(), "--", "set", "Open_vSwitch", ".",
                "external_ids:hostname=node1", "external_ids:muon-encap-ip=10.250.0.1",
                "external_ids:muon-datapath-type=netdev");
        await("br-int programmed", () -> {
            try {
                return node.ofctl("dump-flows", Bridges.INTEGRATION, "table=0").contains("dl_vlan=4095");
            } catch (IOException notYet) {
                return false;
            }
        });

        String net = api.post("networks", "{\"network\": {\"name\": \"dhcp-bench\"}}").get("network").get("id").asText();
        api.post("subnets", "{\"subnet\": {\"network_id\": \"" + net + "\", \"cidr\": \"10.0.0.0/24\", \"ip_version\": 4}}");
        String body = "{\"ports\": [" + String.join(", ",
                java.util.Collections.nCopies(ports, "{\"network_id\": \"" + net + "\"}")) + "]}";
        List<String> plug = new ArrayList<>();
        int i = 0;
        for (JsonNode p : api.post("ports", body).get("ports")) {
            String mac = p.get("mac_address").asText();
            String ip = p.get("fixed_ips").get(0).get("ip_address").asText();
            String ns = "muon-bench-dv" + i + "-" + ProcessHandle.current().pid();
            String tap = "dv" + i;
            BenchNode.run(List.of("ip", "netns", "add", ns));
            namespaces.add(ns);
            BenchNode.run(List.of("ip", "link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", tap,
                    "netns", node.netns()));
            BenchNode.run(List.of("ip", "-n", ns, "link", "set", "eth0", "address", mac, "up"));
            BenchNode.run(List.of("ip", "-n", ns, "addr", "add", ip + "/24", "dev", "eth0"));
            BenchNode.run(List.of("ip", "-n", node.netns(), "link", "set", tap, "up"));
            if (!plug.isEmpty()) {
                plug.add("--");
            }
            plug.addAll(List.of("add-port", Bridges.INTEGRATION, tap, "--", "set", "Interface", tap,
                    "external_ids:iface-id=" + p.get("id").asText(), "external_ids:attached-mac=" + mac,
                    "external_ids:iface-status=active", "external_ids:vm-uuid=dhcp-bench-" + i));
            vifs.add(String.join(",", ns, "eth0", mac, ip, "10.0.0.1"));
            i++;
        }
        node.vsctl(120, plug);
        await(ports + " DHCP flows", () -> {
            try {
                return node.ofctl("dump-flows", Bridges.INTEGRATION, "table=0").lines()
                        .filter(l -> l.contains("tp_src=68,tp_dst=67")).count() == ports;
            } catch (IOException notYet) {
                return false;
            }
        });
        await(ports + " ports ACTIVE", () -> {
            try {
                JsonNode all = api.get("ports?network_id=" + net).get("ports");
                int active = 0;
                for (JsonNode p : all) {
                    active += "ACTIVE".equals(p.get("status").asText()) ? 1 : 0;
                }
                return active == ports;
            } catch (Exception notYet) {
                return false;
            }
        });
    }

    private void stop(Path work) throws Exception {
        for (String ns : namespaces) {
            try {
                BenchNode.run(List.of("ip", "netns", "del", ns));
            } catch (IOException e) {
                out.println("(could not delete " + ns + ": " + e.getMessage() + ")");
            }
        }
        if (controller != null) {
            controller.close();
        }
        if (node != null) {
            node.close();
        }
        RoutingBench.deleteTree(work);
    }

    private static void await(String what, BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
