package dev.muon.controller.bench;

import dev.muon.ofdriver.OpenFlowServer;
import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.compile.PipelineCompiler;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.FlowDiff;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.Router;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Distributed routing in the benchmark. A synthetic cloud with one router per
 * {@link #NETWORKS_PER_ROUTER} networks, each router with a distributed interface on each of
 * its networks, every node with a DVR MAC and every VIF plugged on its node.
 *
 * <p>First, node1's compile time and flow counts with the routers and without them (the same
 * cloud, DVR MACs still given, as the controller compiles a cloud with no router).
 *
 * <p>Then, the time from a router interface add to its flows installed on every affected
 * node: every node's bridges are real bridges of one userspace Open vSwitch (named
 * {@code n<i>-br-int}, connecting with node i's datapath ids), loaded with the cloud minus a
 * few interfaces; each add then runs a pass the way {@code Reconciler.pass} does: every node
 * in turn, compile, diff against the flows last pushed, one bundle per changed bridge, waiting
 * for its acknowledgement. The time runs from the model holding the new interface (the REST
 * call and the store are not in it) to the acknowledgement of the last affected node's
 * bundle; afterwards every node that must route for the router is checked to hold, in br-int
 * table 77, the route to the new subnet.
 */
final class RoutingBench {
    static final int NETWORKS_PER_ROUTER = 10;
    private static final int ADDS = 5;
    private static final int WARMUPS = 1;   // the JIT is warm from the L2 measurements
    private static final int RUNS = 5;
    private static final int ROUTE_TABLE = 77;
    private static final List<String> BRIDGES = List.of(Bridges.INTEGRATION, Bridges.TUNNEL);

    private final Path repo;
    private final PrintStream out;

    RoutingBench(Path repo, PrintStream out) {
        this.repo = repo;
        this.out = out;
    }

    void run(int ports, List<Integer> nodeCounts) throws Exception {
        out.println();
        out.println("distributed routing: one router per " + NETWORKS_PER_ROUTER + " networks, a distributed interface"
                + " on each (gateway IP, unbound), every node a DVR MAC; node1's compile (min/median of " + RUNS
                + ") and flows, without routers and with");
        out.println("(flows added, by table: br-int 1 DVR_TO_SRC_MAC, 73 router hook, 74 ARP/ICMP responders,"
                + " 77 routes, 80 neighbours; br-tun 1 DVR_PROCESS, 20 L2 population)");
        out.println("ports  nodes  routers  compile_ms plain  compile_ms routed  flows plain(br-int/br-tun)  "
                + "flows routed(br-int/br-tun)  added by table");
        for (int nodes : nodeCounts) {
            out.println(compileRow(ports, nodes));
        }
        out.println();
        out.println("router interface add -> its flows installed on every affected node: all nodes' bridges real,"
                + " in one userspace OVS; one pass as the reconciler runs it (nodes in turn: compile, diff, bundle);"
                + " min/median of " + ADDS + " adds");
        out.println("ports  nodes  affected  add->installed_ms  of which compile+diff_ms  bundles_ms  "
                + "per node: compile+diff_ms  bundle_ms  flow_changes  "
                + "t77 route absent before, present after");
        for (int nodes : nodeCounts) {
            out.println(addRow(ports, nodes));
        }
    }

    private String compileRow(int ports, int nodes) {
        SyntheticCloud routed = SyntheticCloud.build(ports, nodes, 42, NETWORKS_PER_ROUTER, true);
        SyntheticCloud plain = routed.withoutRouters();
        String target = "tcp:127.0.0.1:6653";
        String host = SyntheticCloud.host(1);
        DesiredState plainState = null;
        DesiredState routedState = null;
        long[] plainRuns = new long[RUNS];
        long[] routedRuns = new long[RUNS];
        for (int i = 0; i < WARMUPS + RUNS; i++) {   // interleaved, so both see the same JIT and heap
            long t0 = System.nanoTime();
            plainState = PipelineCompiler.compile(plain.input(target, host));
            long t1 = System.nanoTime();
            routedState = PipelineCompiler.compile(routed.input(target, host));
            long t2 = System.nanoTime();
            if (i >= WARMUPS) {
                plainRuns[i - WARMUPS] = t1 - t0;
                routedRuns[i - WARMUPS] = t2 - t1;
            }
        }
        List<String> added = new ArrayList<>();
        for (String b : BRIDGES) {
            Map<Integer, Long> before = perTable(plainState.flows(b));
            StringBuilder sb = new StringBuilder();
            perTable(routedState.flows(b)).forEach((table, n) -> {
                long d = n - before.getOrDefault(table, 0L);
                if (d != 0) {
                    sb.append(' ').append(table).append(d > 0 ? "+" : "").append(d);
                }
            });
            added.add(b + sb);
        }
        return String.format("%5d  %5d  %7d  %16s  %17s  %26s  %27s  %s",
                ports, nodes, routed.routerNumbers.size(), minMedian(plainRuns), minMedian(routedRuns),
                plainState.flows(Bridges.INTEGRATION).size() + "/" + plainState.flows(Bridges.TUNNEL).size(),
                routedState.flows(Bridges.INTEGRATION).size() + "/" + routedState.flows(Bridges.TUNNEL).size(),
                String.join(", ", added));
    }

    private static Map<Integer, Long> perTable(List<Flow> flows) {
        return flows.stream().collect(Collectors.groupingBy(Flow::table, TreeMap::new, Collectors.counting()));
    }

    /** One add: what the pass took. */
    private record Pass(double totalMs, double computeMs, double applyMs, int affected, List<Double> nodeComputeMs,
                        List<Double> nodeApplyMs, List<Integer> nodeChanges, int routing, int routingOk) {
    }

    private String addRow(int ports, int nodes) throws Exception {
        SyntheticCloud full = SyntheticCloud.build(ports, nodes, 42, NETWORKS_PER_ROUTER, true);
        List<String> ifaceNetworks = new ArrayList<>(new TreeSet<>(full.interfaces.keySet()));
        int adds = Math.min(ADDS, ifaceNetworks.size());
        if (adds == 0) {
            return String.format("%5d  %5d  (no router: fewer than one network)", ports, nodes);
        }
        List<Port> heldOut = new ArrayList<>();
        for (int k = 0; k < adds; k++) {   // spread over the cloud's networks
            heldOut.add(full.interfaces.get(ifaceNetworks.get((2 * k + 1) * ifaceNetworks.size() / (2 * adds))));
        }
        NetworkModel start = full.model;
        for (Port p : heldOut) {
            start = start.withoutPort(p.id());
        }
        SyntheticCloud cloud = full.withModel(start);

        int ofPort = freePort();
        String target = "tcp:127.0.0.1:" + ofPort;
        ExpectedSwitches connected = new ExpectedSwitches(cloud.nodes.keySet(), BRIDGES);
        Path dir = Files.createTempDirectory("muon-bench-routing");
        try (OpenFlowServer server = new OpenFlowServer(new InetSocketAddress("127.0.0.1", ofPort), connected);
                BenchNode ovs = BenchNode.start(repo, dir.resolve("ovs"), ofPort)) {
            server.start();
            for (String host : cloud.nodes.keySet()) {
                for (String b : BRIDGES) {
                    ovs.addBridge(bridgeName(host, b), host, b, target);
                }
            }
            // Load every node with the cloud minus the held-out interfaces (not measured).
            Map<String, Map<String, List<Flow>>> held = new ConcurrentHashMap<>();
            cloud.nodes.keySet().parallelStream().forEach(host -> held.put(host,
                    byBridge(PipelineCompiler.compile(cloud.input(target, host)))));
            List<CompletableFuture<Void>> installs = new ArrayList<>();
            held.forEach((host, flows) -> flows.forEach((b, f) -> installs.add(connected.of(host, b)
                    .thenCompose(sw -> sw.dumpFlows().thenCompose(actual -> sw.apply(FlowDiff.between(actual, f)))))));
            CompletableFuture.allOf(installs.toArray(CompletableFuture[]::new)).get(600, TimeUnit.SECONDS);
            Map<String, OpenFlowSwitch> switches = new HashMap<>();
            for (String host : cloud.nodes.keySet()) {
                for (String b : BRIDGES) {
                    switches.put(host + "/" + b, connected.of(host, b).get());
                }
            }

            List<Pass> passes = new ArrayList<>();
            NetworkModel model = start;
            for (Port iface : heldOut) {
                Router router = model.routers().get(iface.deviceId());
                // what add_router_interface leaves in the model: the port, and the router revised
                model = model.withPort(iface).with(ResourceKind.ROUTER, router.revised(Instant.EPOCH));
                passes.add(pass(cloud.withModel(model), target, held, switches, iface, ovs));
            }
            return addRowText(ports, nodes, passes);
        } finally {
            deleteTree(dir);
        }
    }

    /** One reconciler pass after {@code iface} was added, timed; then the check on the switches. */
    private Pass pass(SyntheticCloud cloud, String target, Map<String, Map<String, List<Flow>>> held,
                      Map<String, OpenFlowSwitch> switches, Port iface, BenchNode ovs) throws Exception {
        // Every node with a port on one of the router's networks must route to the new subnet
        // after the pass, and must not before it.
        String cidr = cloud.model.subnet(iface.fixedIps().get(0).subnetId()).orElseThrow().cidr();
        Set<String> routing = new TreeSet<>();
        for (Port p : cloud.model.interfacesOf(iface.deviceId())) {
            routing.addAll(cloud.hostsOn(p.networkId()));
        }
        Set<String> absentBefore = new TreeSet<>();
        for (String host : routing) {
            if (!routes(ovs, host, cidr)) {
                absentBefore.add(host);
            }
        }

        List<Double> nodeCompute = new ArrayList<>();
        List<Double> nodeApply = new ArrayList<>();
        List<Integer> nodeChanges = new ArrayList<>();
        double compute = 0;
        double apply = 0;
        long lastAffected = 0;
        long t0 = System.nanoTime();
        for (String host : cloud.nodes.keySet()) {
            long a = System.nanoTime();
            Map<String, List<Flow>> desired = byBridge(PipelineCompiler.compile(cloud.input(target, host)));
            Map<String, FlowChanges> changes = new HashMap<>();
            for (String b : BRIDGES) {
                changes.put(b, FlowDiff.between(held.get(host).get(b), desired.get(b)));
            }
            long b1 = System.nanoTime();
            int changed = 0;
            for (String b : BRIDGES) {
                FlowChanges c = changes.get(b);
                if (!c.isEmpty()) {
                    switches.get(host + "/" + b).apply(c).get(600, TimeUnit.SECONDS);
                    changed += c.size();
                }
            }
            long c1 = System.nanoTime();
            held.put(host, desired);
            compute += (b1 - a) / 1e6;
            apply += (c1 - b1) / 1e6;
            if (changed > 0) {
                lastAffected = c1;
                nodeCompute.add((b1 - a) / 1e6);
                nodeApply.add((c1 - b1) / 1e6);
                nodeChanges.add(changed);
            }
        }
        double total = lastAffected == 0 ? 0 : (lastAffected - t0) / 1e6;

        int ok = 0;
        for (String host : absentBefore) {
            if (routes(ovs, host, cidr)) {
                ok++;
            }
        }
        return new Pass(total, compute, apply, nodeChanges.size(), nodeCompute, nodeApply, nodeChanges,
                routing.size(), ok);
    }

    /** Whether the node's br-int holds, in table 77, a route to {@code cidr}. */
    private static boolean routes(BenchNode ovs, String host, String cidr) throws Exception {
        String dump = ovs.ofctl("dump-flows", bridgeName(host, Bridges.INTEGRATION), "table=" + ROUTE_TABLE);
        return dump.contains("nw_dst=" + cidr + ",") || dump.contains("nw_dst=" + cidr + " ");
    }

    private String addRowText(int ports, int nodes, List<Pass> passes) {
        double[] total = passes.stream().mapToDouble(Pass::totalMs).toArray();
        double[] compute = passes.stream().mapToDouble(Pass::computeMs).toArray();
        double[] apply = passes.stream().mapToDouble(Pass::applyMs).toArray();
        double[] nodeCompute = passes.stream().flatMap(p -> p.nodeComputeMs().stream()).mapToDouble(d -> d).toArray();
        double[] nodeApply = passes.stream().flatMap(p -> p.nodeApplyMs().stream()).mapToDouble(d -> d).toArray();
        double[] changes = passes.stream().flatMap(p -> p.nodeChanges().stream()).mapToDouble(d -> d).toArray();
        String affected = passes.stream().map(p -> Integer.toString(p.affected())).distinct()
                .reduce((x, y) -> x + "," + y).orElse("0");
        int routing = passes.stream().mapToInt(Pass::routing).sum();
        int ok = passes.stream().mapToInt(Pass::routingOk).sum();
        return String.format("%5d  %5d  %8s  %17s  %24s  %10s  %26s  %9s  %12s  %d/%d nodes%s",
                ports, nodes, affected, minMedian(total), minMedian(compute), minMedian(apply),
                minMedian(nodeCompute), minMedian(nodeApply), minMedian(changes, "%.0f"), ok, routing,
                ok == routing ? "" : " (NOT AS EXPECTED)");
    }

    static Map<String, List<Flow>> byBridge(DesiredState d) {
        for (String b : d.flows().keySet()) {
            if (!BRIDGES.contains(b) && !d.flows(b).isEmpty()) {
                throw new IllegalStateException("the benchmark drives br-int and br-tun only, not " + b);
            }
        }
        Map<String, List<Flow>> out = new HashMap<>();
        for (String b : BRIDGES) {
            out.put(b, d.flows(b));
        }
        return out;
    }

    static String bridgeName(String host, String bridge) {
        return "n" + host.substring("node".length()) + "-" + bridge;
    }

    static String minMedian(long[] nanos) {
        return minMedian(Arrays.stream(nanos).mapToDouble(n -> n / 1e6).toArray());
    }

    static String minMedian(double[] values) {
        return minMedian(values, "%.1f");
    }

    /** "min/median" ("-" for none); the median of an even count is the upper middle value. */
    static String minMedian(double[] values, String format) {
        if (values.length == 0) {
            return "-";
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return String.format(format, v[0]) + "/" + String.format(format, v[v.length / 2]);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
