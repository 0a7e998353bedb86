package dev.muon.controller.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.controller.MuonConfig;
import dev.muon.controller.MuonController;
import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.FlowDiff;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Port up (issue 12), end to end through the real controller: a {@link MuonController} in this
 * JVM (REST API, OVSDB manager, OpenFlow, reconciler, its embedded H2 store in a temporary data
 * dir) and {@code nodes} real userspace Open vSwitch nodes joined to it as operators join them.
 * Ports are created through the API first (not timed), then plugged as Nova's os-vif plugs them
 * here: {@code ovs-vsctl add-port br-int <dev> -- set Interface <dev> type=internal
 * external_ids:iface-id=<port id>}.
 *
 * <p>One port at a time ({@link #SAMPLES} of them on node1, idle and again with {@code bound}
 * ports already bound, spread over the nodes): from ovs-vsctl returning (it waits for
 * ovs-vswitchd to take the interface, so the ofport exists) to (a) the port's table-0 flow in
 * br-int ({@code in_port=<ofport>}, not a drop), timed as it lands by an OpenFlow flow monitor
 * on each node's br-int ({@code ovs-ofctl monitor br-int watch:!initial,table=0}, the same flow
 * {@code dump-flows} then shows), and (b) {@code GET /v2.0/ports/<id>} reading ACTIVE (polled
 * every millisecond); and how many samples read ACTIVE before that flow was in. Each sample
 * stays plugged.
 *
 * <p>Then {@code bulk} ports per node at once (one ovs-vsctl transaction per node, the nodes'
 * at the same time): from the start of the plug to every port's table-0 flow on its node, and to
 * every port reading ACTIVE; beside it the ceiling, {@code ovs-ofctl --bundle add-flows} of the
 * flows the plug added or changed on each node's br-int and br-tun (the controller's desired
 * state before and after), onto scratch bridges of the same switch holding the state before,
 * nodes in parallel. Prints figures; asserts nothing.
 */
final class PortUpBench {
    static final int SAMPLES = 20;
    private static final int PORTS_PER_NETWORK = 200;
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(600);
    private static final List<String> BRIDGES = List.of(Bridges.INTEGRATION, Bridges.TUNNEL);

    private final Path repo;
    private final PrintStream out;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bench-portup");
        t.setDaemon(true);
        return t;
    });

    private BenchApi rest;
    private MuonController controller;
    private final Map<String, BenchNode> nodes = new LinkedHashMap<>();
    private final Map<String, FlowMonitor> monitors = new HashMap<>();
    /** br-tun's, for when the last flow of a change landed. */
    private final Map<String, FlowMonitor> tunnelMonitors = new HashMap<>();
    private int boundCount;

    PortUpBench(Path repo, PrintStream out) {
        this.repo = repo;
        this.out = out;
    }

    void run(int nodeCount, int bound, int bulk) throws Exception {
        out.println();
        out.println("port up (issue 12): a real controller (REST, OVSDB, OpenFlow, reconciler, H2 store) and "
                + nodeCount + " real userspace OVS nodes; ports created in the API, then plugged with ovs-vsctl"
                + " add-port br-int <dev> -- set Interface <dev> type=internal external_ids:iface-id=<port id>");
        out.println("one port on node1: from ovs-vsctl returning (the VIF has its ofport) to its table-0 flow"
                + " in_port=<ofport> landing in OVS (an OpenFlow flow monitor on br-int) and to GET"
                + " /v2.0/ports/<id> reading ACTIVE; p50/p99 (nearest rank) of " + SAMPLES + "; vsctl_ms is the"
                + " add-port itself; bound = ports bound on all nodes");
        Path work = Files.createTempDirectory("muon-bench-portup");
        try {
            start(work, nodeCount);
            out.println("bound  nodes  samples  vsctl_ms p50  ->flows_ms p50/p99  ->ACTIVE_ms p50/p99  "
                    + "ACTIVE before its flow");
            out.println(singleRow(nodeCount));
            if (bound > 0) {
                bindMany(bound);
                out.println(singleRow(nodeCount));
            }
            if (bulk > 0) {
                out.println();
                out.println(bulk + " ports per node plugged at once (one ovs-vsctl transaction per node, nodes at the"
                        + " same time): from the plug's start to every port's table-0 flow on its node, to every"
                        + " port ACTIVE, and to the last flow change of the plug on any node's br-int or br-tun"
                        + " (the remote nodes' flows too); the ceiling: ovs-ofctl --bundle add-flows of the flows the plug added or"
                        + " changed (controller's desired state before/after), br-int and br-tun, nodes in parallel");
                out.println("nodes  per_node  bound  plug_ms  ->all_flows_ms  ->all_ACTIVE_ms  ->last_flow_any_ms  "
                        + "ofctl_bundle_ms  (flows)  flows/ofctl  ACTIVE/ofctl");
                out.println(bulkRow(nodeCount, bulk));
            }
        } finally {
            stop(work);
        }
    }

    // --- the cloud ---

    private void start(Path work, int nodeCount) throws Exception {
        BenchPorts listen = BenchPorts.free();
        int restPort = listen.rest();
        int ofPort = listen.openflow();
        Map<String, String> o = listen.options(work);
        controller = new MuonController(MuonConfig.load(null, Map.of(), o));
        controller.start();
        rest = new BenchApi(restPort, "portup", PORTS_PER_NETWORK, "");
        for (int i = 1; i <= nodeCount; i++) {
            String host = SyntheticCloud.host(i);
            BenchNode n = BenchNode.start(repo, work.resolve(host), ofPort, host);
            nodes.put(host, n);
            n.vsctl("set-manager", "tcp:127.0.0.1:" + listen.ovsdb(), "--", "set", "Open_vSwitch", ".",
                    "external_ids:hostname=" + host, "external_ids:muon-encap-ip=10.250.0." + i,
                    "external_ids:muon-datapath-type=netdev");
        }
        for (Map.Entry<String, BenchNode> e : nodes.entrySet()) {
            // joined once the controller made br-int and its dead-VLAN flow is in
            await(e.getKey() + " br-int programmed", () -> {
                try {
                    return e.getValue().ofctl("dump-flows", Bridges.INTEGRATION, "table=0").contains("dl_vlan=4095");
                } catch (IOException notYet) {
                    return false;
                }
            });
            monitors.put(e.getKey(), new FlowMonitor(e.getValue(), Bridges.INTEGRATION));
            tunnelMonitors.put(e.getKey(), new FlowMonitor(e.getValue(), Bridges.TUNNEL));
        }
    }

    private void stop(Path work) throws Exception {
        pool.shutdownNow();
        monitors.values().forEach(FlowMonitor::close);
        tunnelMonitors.values().forEach(FlowMonitor::close);
        if (controller != null) {
            controller.close();
        }
        for (BenchNode n : nodes.values()) {
            try {
                n.close();
            } catch (IOException e) {
                out.println("(could not stop a node: " + e.getMessage() + ")");
            }
        }
        RoutingBench.deleteTree(work);
    }

    /** {@code n} new ports through the API (bulk creates), {@value #PORTS_PER_NETWORK} per network. */
    private List<String> createPorts(int n) throws Exception {
        return rest.createPorts(n);
    }

    /** One ovs-vsctl transaction adding every (device, port id) as an internal interface on br-int. */
    private static void plug(BenchNode node, Map<String, String> devToPort) throws IOException {
        List<String> args = new ArrayList<>();
        devToPort.forEach((dev, port) -> {
            if (!args.isEmpty()) {
                args.add("--");
            }
            args.addAll(List.of("add-port", Bridges.INTEGRATION, dev, "--", "set", "Interface", dev, "type=internal",
                    "external_ids:iface-id=" + port));
        });
        node.vsctl(600, args);
    }

    /** {@code n} ports bound, spread over the nodes (one transaction per node), all ACTIVE, then quiet. */
    private void bindMany(int n) throws Exception {
        List<String> ids = createPorts(n);
        List<String> hosts = new ArrayList<>(nodes.keySet());
        List<Callable<Void>> plugs = new ArrayList<>();
        for (int h = 0; h < hosts.size(); h++) {
            Map<String, String> devs = new LinkedHashMap<>();
            for (int j = h; j < ids.size(); j += hosts.size()) {
                devs.put("bd" + (h + 1) + "x" + j, ids.get(j));
            }
            BenchNode node = nodes.get(hosts.get(h));
            plugs.add(() -> {
                plug(node, devs);
                return null;
            });
        }
        long t0 = System.nanoTime();
        for (Future<Void> f : pool.invokeAll(plugs)) {
            f.get();
        }
        awaitAllActive(new HashSet<>(ids));
        out.printf("(%d more ports bound: plugged and all ACTIVE in %.1f s)%n", n, (System.nanoTime() - t0) / 1e9);
        boundCount += n;
        quiet();
    }

    // --- one port ---

    private record Sample(double vsctlMs, double flowsMs, double activeMs, boolean activeBeforeFlow) {
    }

    private String singleRow(int nodeCount) throws Exception {
        int boundAtStart = boundCount;
        String host = SyntheticCloud.host(1);
        BenchNode node = nodes.get(host);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            String id = createPorts(1).get(0);
            samples.add(sample(node, monitors.get(host), host, "one" + boundCount, id));
            boundCount++;
            quiet();
        }
        double[] vsctl = samples.stream().mapToDouble(Sample::vsctlMs).toArray();
        double[] flows = samples.stream().mapToDouble(Sample::flowsMs).toArray();
        double[] active = samples.stream().mapToDouble(Sample::activeMs).toArray();
        long early = samples.stream().filter(Sample::activeBeforeFlow).count();
        return String.format("%5d  %5d  %7d  %12.1f  %18s  %19s  %d/%d",
                boundAtStart, nodeCount, SAMPLES, Percentiles.of(vsctl, 50), Percentiles.p50p99(flows), Percentiles.p50p99(active), early,
                samples.size());
    }

    private Sample sample(BenchNode node, FlowMonitor monitor, String host, String dev, String portId)
            throws Exception {
        long a = System.nanoTime();
        plug(node, Map.of(dev, portId));
        long t0 = System.nanoTime();
        Future<Long> activeAt = pool.submit(() -> {
            while (System.nanoTime() - t0 < TIMEOUT_NS) {
                JsonNode p = rest.get("ports/" + portId).get("port");
                if ("ACTIVE".equals(p.get("status").asText()) && host.equals(p.get("binding:host_id").asText())) {
                    return System.nanoTime();
                }
                Thread.sleep(1);
            }
            throw new IllegalStateException(dev + ": not ACTIVE after " + TIMEOUT_NS / 1_000_000_000 + " s");
        });
        int ofport = ofports(node).get(dev);
        long f = monitor.await(Set.of(ofport), t0);
        long act = activeAt.get();
        return new Sample((t0 - a) / 1e6, (f - t0) / 1e6, (act - t0) / 1e6, act < f);
    }

    /** Every interface's ofport on the node, by name. */
    private static Map<String, Integer> ofports(BenchNode node) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        for (String l : node.vsctl("--format=csv", "--no-headings", "--columns=name,ofport", "list", "Interface")
                .lines().toList()) {
            String[] f = l.split(",");
            if (f.length == 2 && f[1].matches("-?\\d+")) {
                out.put(f[0].replace("\"", ""), Integer.parseInt(f[1]));
            }
        }
        return out;
    }

    // --- many ports at once ---

    private String bulkRow(int nodeCount, int perNode) throws Exception {
        int boundAtStart = boundCount;
        List<String> hosts = new ArrayList<>(nodes.keySet());
        List<String> ids = createPorts(perNode * hosts.size());
        Map<String, Map<String, String>> devs = new LinkedHashMap<>();
        for (int h = 0; h < hosts.size(); h++) {
            Map<String, String> d = new LinkedHashMap<>();
            for (int j = 0; j < perNode; j++) {
                d.put("bk" + (h + 1) + "x" + j, ids.get(h * perNode + j));
            }
            devs.put(hosts.get(h), d);
        }
        quiet();
        Map<String, DesiredState> before = desiredStates();

        AtomicLong plugDone = new AtomicLong();
        long t0 = System.nanoTime();
        List<Future<?>> plugs = new ArrayList<>();
        for (String host : hosts) {
            plugs.add(pool.submit(() -> {
                plug(nodes.get(host), devs.get(host));
                plugDone.accumulateAndGet(System.nanoTime(), Math::max);
                return null;
            }));
        }
        Future<Long> allActive = pool.submit(() -> awaitAllActive(new HashSet<>(ids)));
        for (Future<?> p : plugs) {
            p.get();
        }
        long flowsAt = 0;
        for (String host : hosts) {
            Map<String, Integer> ofports = ofports(nodes.get(host));
            Set<Integer> mine = devs.get(host).keySet().stream().map(ofports::get).collect(Collectors.toSet());
            flowsAt = Math.max(flowsAt, monitors.get(host).await(mine, t0));
        }
        long activeAt = allActive.get();
        boundCount += ids.size();
        quiet();
        long convergedAt = 0;
        for (String host : hosts) {
            convergedAt = Math.max(convergedAt, Math.max(monitors.get(host).lastChange(),
                    tunnelMonitors.get(host).lastChange()));
        }
        Map<String, DesiredState> after = desiredStates();
        double[] ceiling = ceiling(before, after);

        double plugMs = (plugDone.get() - t0) / 1e6;
        double flowsMs = (flowsAt - t0) / 1e6;
        double activeMs = (activeAt - t0) / 1e6;
        double convergedMs = (convergedAt - t0) / 1e6;
        return String.format("%5d  %8d  %5d  %7.0f  %14.0f  %15.0f  %17.0f  %15.0f  %7s  %11.1f  %12.1f",
                nodeCount, perNode, boundAtStart, plugMs, flowsMs, activeMs, convergedMs, ceiling[0],
                "(" + (long) ceiling[1] + ")", flowsMs / ceiling[0], activeMs / ceiling[0]);
    }

    /** When every port of {@code ids} reads ACTIVE in a port list. */
    private long awaitAllActive(Set<String> ids) throws Exception {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < TIMEOUT_NS) {
            int active = 0;
            for (JsonNode p : rest.get("ports?fields=id&fields=status").get("ports")) {
                if (ids.contains(p.get("id").asText()) && "ACTIVE".equals(p.get("status").asText())) {
                    active++;
                }
            }
            if (active == ids.size()) {
                return System.nanoTime();
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("not every port ACTIVE after " + TIMEOUT_NS / 1_000_000_000 + " s");
    }

    /**
     * The ceiling: on each node, scratch bridges (no controller) loaded with {@code before}'s
     * br-int and br-tun flows (not timed), then the flows {@code after} adds or changes in one
     * {@code ovs-ofctl --bundle add-flows} per bridge, the nodes in parallel. Returns {wall ms, flows}.
     */
    private double[] ceiling(Map<String, DesiredState> before, Map<String, DesiredState> after) throws Exception {
        Map<String, Map<String, Path>> deltas = new HashMap<>();
        long flows = 0;
        List<Callable<Void>> setups = new ArrayList<>();
        for (String host : nodes.keySet()) {
            BenchNode node = nodes.get(host);
            Path dir = Files.createTempDirectory("muon-bench-ceiling");
            Map<String, Path> delta = new LinkedHashMap<>();
            for (String b : BRIDGES) {
                List<Flow> was = before.get(host).flows(b);
                FlowChanges c = FlowDiff.between(was, after.get(host).flows(b));
                if (!c.deletes().isEmpty()) {
                    out.printf("(%s %s: the plug also removed %d flows; the ceiling adds only)%n", host, b,
                            c.deletes().size());
                }
                flows += c.upserts().size();
                Path wasFile = dir.resolve(b + ".before");
                Files.writeString(wasFile, flowText(was));
                Path deltaFile = dir.resolve(b + ".delta");
                Files.writeString(deltaFile, flowText(c.upserts()));
                delta.put(scratch(b), deltaFile);
                setups.add(() -> {
                    node.vsctl("--may-exist", "add-br", scratch(b), "--", "set", "Bridge", scratch(b),
                            "datapath_type=netdev", "fail_mode=secure",
                            "protocols=" + String.join(",", Bridges.PROTOCOLS));
                    node.ofctl("--bundle", "add-flows", scratch(b), wasFile.toString());
                    return null;
                });
            }
            deltas.put(host, delta);
        }
        for (Future<Void> f : pool.invokeAll(setups)) {
            f.get();
        }
        List<Callable<Void>> adds = new ArrayList<>();
        for (String host : nodes.keySet()) {
            adds.add(() -> {
                for (Map.Entry<String, Path> e : deltas.get(host).entrySet()) {
                    nodes.get(host).ofctl("--bundle", "add-flows", e.getKey(), e.getValue().toString());
                }
                return null;
            });
        }
        long t0 = System.nanoTime();
        for (Future<Void> f : pool.invokeAll(adds)) {
            f.get();
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        for (Map<String, Path> d : deltas.values()) {
            RoutingBench.deleteTree(d.values().iterator().next().getParent());
        }
        return new double[] {ms, flows};
    }

    private static String scratch(String bridge) {
        return "ceil-" + bridge;
    }

    /**
     * The flows as ovs-ofctl add-flows reads them, less their meter instruction: the scratch bridges
     * have no meters (a meter-mod cannot go in a bundle), so the ceiling is the flows alone.
     */
    private static String flowText(List<Flow> flows) {
        return flows.stream().map(Flow::toAddFlowSpec).map(f -> f.replaceAll("meter:\\d+,", ""))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** Every node's desired state as the controller last computed it. */
    private Map<String, DesiredState> desiredStates() {
        Map<String, DesiredState> out = new HashMap<>();
        for (String host : nodes.keySet()) {
            out.put(host, controller.reconciler().desired(host).orElseThrow(
                    () -> new IllegalStateException("no desired state for " + host)));
        }
        return out;
    }

    /**
     * Until the controller is quiet: what each node's desired state holds has not changed for
     * 500 ms (the pass after a binding adds the port's flows on the other nodes).
     */
    private void quiet() throws Exception {
        String last = "";
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < TIMEOUT_NS) {
            Thread.sleep(500);
            String now = nodes.keySet().stream().map(h -> controller.reconciler().desired(h)
                    .map(d -> BRIDGES.stream().map(b -> Integer.toString(d.flows(b).hashCode()))
                            .collect(Collectors.joining("/"))).orElse("-")).collect(Collectors.joining(","));
            if (now.equals(last)) {
                return;
            }
            last = now;
        }
    }

    // --- figures ---

    private static void await(String what, BenchWait.Check check) throws Exception {
        BenchWait.until(what, Duration.ofSeconds(60), Duration.ofMillis(100), check);
    }

    /**
     * {@code ovs-ofctl monitor <bridge> watch:!initial} on a node, left running: when each ofport
     * first got a table-0 flow that is not a drop (added or modified), and when the last flow
     * change of any table landed, as the lines arrive.
     */
    private static final class FlowMonitor implements AutoCloseable {
        private final Process process;
        private final Map<Integer, Long> wiredAt = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicLong lastChange = new AtomicLong();

        FlowMonitor(BenchNode node, String bridge) throws Exception {
            process = node.ofctlProcess("monitor", bridge, "watch:!initial");
            Thread reader = new Thread(() -> {
                try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()))) {
                    for (String l = in.readLine(); l != null; l = in.readLine()) {
                        long t = System.nanoTime();
                        if (l.contains("event=")) {
                            lastChange.set(t);
                        }
                        if ((l.contains("event=ADDED") || l.contains("event=MODIFIED")) && l.contains(" table=0 ")
                                && !l.contains("actions=drop")) {
                            java.util.regex.Matcher m = IN_PORT.matcher(l);
                            if (m.find()) {
                                wiredAt.putIfAbsent(Integer.parseInt(m.group(1)), t);
                            }
                        }
                    }
                } catch (IOException ended) {
                    // the process was stopped
                }
            }, "bench-flow-monitor");
            reader.setDaemon(true);
            reader.start();
            Thread.sleep(200);   // its request answered before anything is timed
            if (!process.isAlive()) {
                throw new IllegalStateException("ovs-ofctl monitor exited: " + new String(
                        process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }

        private static final java.util.regex.Pattern IN_PORT = java.util.regex.Pattern.compile("in_port=(\\d+)");

        /** When the last of {@code ofports} got its flow (waiting for it). */
        long await(Set<Integer> ofports, long t0) throws Exception {
            while (System.nanoTime() - t0 < TIMEOUT_NS) {
                long last = 0;
                boolean all = true;
                for (int p : ofports) {
                    Long t = wiredAt.get(p);
                    if (t == null) {
                        all = false;
                        break;
                    }
                    last = Math.max(last, t);
                }
                if (all) {
                    return last;
                }
                Thread.sleep(1);
            }
            throw new IllegalStateException("ports without flows after " + TIMEOUT_NS / 1_000_000_000 + " s");
        }

        /** When the last flow change seen landed (0: none yet). */
        long lastChange() {
            return lastChange.get();
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
