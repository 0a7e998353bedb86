package dev.muon.controller.bench;

import dev.muon.controller.reconcile.Reconciler;
import dev.muon.ofdriver.OpenFlowServer;
import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.compile.PipelineCompiler;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.FlowDiff;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The benchmark: for a synthetic cloud, how long the compiler takes for one node, how many
 * flows that node gets, how long a real userspace OVS takes from connecting to holding all
 * of them through Muon's driver (dump, diff, one bundle per bridge), how long a reconnect
 * with nothing to change takes, and, as the ceiling, how long {@code ovs-ofctl --bundle
 * add-flows} needs for the same flows on the same switch. Then, at the largest port count, the
 * same with routers and the time from a router interface add to its flows on every node
 * ({@link RoutingBench}); then security groups with a large remote group, and a port joining and
 * leaving it ({@link SecurityGroupBench}); then port up through the real controller, one port
 * and many at once ({@link PortUpBench}); then the Neutron API under concurrent port creates and
 * a list of them all ({@link ApiBench}); then heap bytes per port of the model and the nodes'
 * desired states ({@link MemoryBench}). Prints figures; asserts nothing.
 */
public final class Bench {
    private static final String TARGET_HOST = "node1";
    private final Path repo;
    private final PrintStream out;

    public Bench(Path repo, PrintStream out) {
        this.repo = repo;
        this.out = out;
    }

    /**
     * The scenarios, all by default: {@code l2} (the first table), {@code routing}, {@code sg},
     * {@code portup}, {@code api}, {@code memory}.
     */
    public static final List<String> SCENARIOS = List.of("l2", "routing", "sg", "portup", "dhcp", "api", "memory", "scale",
            "sim");

    /** The port-up scenario's size: real nodes, ports bound before the second series, ports per node at once. */
    public record PortUp(int nodes, int bound, int bulk) {
    }

    /** The API scenario's size: concurrent clients, ports they create one per request. */
    public record Api(int clients, int ports) {
    }

    /** The memory scenario's sizes: the port counts of its synthetic clouds, and their nodes. */
    public record Memory(List<Integer> ports, int nodes) {
    }

    /** The scale scenario's size: ports and nodes of its cloud, compiled in process. */
    public record Scale(int ports, int nodes) {
    }

    /** The simulated-nodes scenario: how many nodes, how many VIFs each. */
    public record Sim(int nodes, int portsPerNode) {
    }

    /**
     * @param sgPorts    ports of the security group scenario's cloud
     * @param sgMembers  members of its remote group {@code web}
     * @param portUp     the port-up scenario's size
     * @param api     the API scenario's size
     * @param memory  the memory scenario's sizes
     * @param scale   the scale scenario's size
     * @param sim     the simulated-nodes scenario's size
     * @param scenarios  which of {@link #SCENARIOS} to run
     */
    public void run(List<Integer> portCounts, List<Integer> nodeCounts, int sgPorts, int sgMembers,
                    PortUp portUp, Api api, Memory memory, Scale scale, Sim sim, List<String> scenarios)
            throws Exception {
        for (String s : scenarios) {
            if (!SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("unknown scenario " + s + " (known: " + SCENARIOS + ")");
            }
        }
        if (scenarios.contains("l2")) {
            out.println("ports  nodes  local  compile_ms  flows(br-int/br-tun)  connect_ms  install_ms  "
                    + "resync_ms  ofctl_bundle_ms  muon/ofctl");
            for (int ports : portCounts) {
                for (int nodes : nodeCounts) {
                    out.println(measure(ports, nodes));
                }
            }
        }
        if (scenarios.contains("routing")) {
            // routing, at the largest port count only (the issue asks for it at 10k ports)
            new RoutingBench(repo, out).run(portCounts.stream().max(Integer::compare).orElseThrow(), nodeCounts);
        }
        if (scenarios.contains("sg")) {
            new SecurityGroupBench(repo, out).run(sgPorts, sgMembers, nodeCounts);
        }
        if (scenarios.contains("portup")) {
            new PortUpBench(repo, out).run(portUp.nodes(), portUp.bound(), portUp.bulk());
        }
        if (scenarios.contains("dhcp")) {
            new DhcpBench(repo, out).run();
        }
        if (scenarios.contains("api")) {
            new ApiBench(out).run(api.clients(), api.ports());
        }
        if (scenarios.contains("memory")) {
            new MemoryBench(out).run(memory.ports(), memory.nodes());
        }
        if (scenarios.contains("scale")) {
            new ScaleBench(out).run(scale.ports(), scale.nodes(), Reconciler.NODE_THREADS);
        }
        if (scenarios.contains("sim")) {
            new SimBench(out).run(sim.nodes(), sim.portsPerNode());
        }
    }

    private String measure(int ports, int nodes) throws Exception {
        SyntheticCloud cloud = SyntheticCloud.build(ports, nodes, 42);
        int ofPort = freePort();
        String target = "tcp:127.0.0.1:" + ofPort;
        DesiredState desired = null;
        for (int i = 0; i < 3; i++) {   // warm-up
            desired = PipelineCompiler.compile(cloud.input(target));
        }
        long[] runs = new long[5];
        for (int i = 0; i < runs.length; i++) {
            long t0 = System.nanoTime();
            desired = PipelineCompiler.compile(cloud.input(target));
            runs[i] = System.nanoTime() - t0;
        }
        Arrays.sort(runs);
        double compileMs = runs[runs.length / 2] / 1e6;
        List<Flow> intFlows = desired.flows(Bridges.INTEGRATION);
        List<Flow> tunFlows = desired.flows(Bridges.TUNNEL);

        ExpectedSwitches connected = new ExpectedSwitches(List.of(TARGET_HOST), List.of(Bridges.INTEGRATION, Bridges.TUNNEL));
        Path dir = Files.createTempDirectory("muon-bench");
        try (OpenFlowServer server = new OpenFlowServer(new InetSocketAddress("127.0.0.1", ofPort), connected);
                BenchNode node = BenchNode.start(repo, dir.resolve("node1"), ofPort)) {
            server.start();
            node.addBridge(TARGET_HOST, Bridges.INTEGRATION, target);
            node.addBridge(TARGET_HOST, Bridges.TUNNEL, target);

            // Connect → installed, both bridges in parallel as the reconciler would.
            long t0 = System.nanoTime();
            connected.all().get(60, TimeUnit.SECONDS);
            double connectMs = (System.nanoTime() - t0) / 1e6;
            List<CompletableFuture<Void>> installs = new ArrayList<>();
            installs.add(install(connected.of(TARGET_HOST, Bridges.INTEGRATION), intFlows));
            installs.add(install(connected.of(TARGET_HOST, Bridges.TUNNEL), tunFlows));
            CompletableFuture.allOf(installs.toArray(CompletableFuture[]::new)).get(600, TimeUnit.SECONDS);
            double installMs = (System.nanoTime() - t0) / 1e6 - connectMs;
            verifyCount(node, Bridges.INTEGRATION, intFlows.size());
            verifyCount(node, Bridges.TUNNEL, tunFlows.size());

            // A reconnect with nothing to change: dump + diff only.
            long t1 = System.nanoTime();
            for (String b : List.of(Bridges.INTEGRATION, Bridges.TUNNEL)) {
                OpenFlowSwitch sw = connected.of(TARGET_HOST, b).get();
                FlowChanges c = FlowDiff.between(sw.dumpFlows().get(600, TimeUnit.SECONDS), desired.flows(b));
                if (!c.isEmpty()) {
                    throw new IllegalStateException(b + ": switch differs after install: " + c.size() + " changes");
                }
            }
            double resyncMs = (System.nanoTime() - t1) / 1e6;

            // The ceiling: ovs-ofctl --bundle add-flows of the same flows on the same switch.
            double ofctlMs = 0;
            for (String b : List.of(Bridges.INTEGRATION, Bridges.TUNNEL)) {
                Path file = dir.resolve(b + ".flows");
                Files.writeString(file, desired.flows(b).stream().map(Flow::toAddFlowSpec)
                        .collect(Collectors.joining("\n", "", "\n")));
                node.ofctl("del-flows", b);
                long t2 = System.nanoTime();
                node.ofctl("--bundle", "add-flows", b, file.toString());
                ofctlMs += (System.nanoTime() - t2) / 1e6;
                verifyCount(node, b, desired.flows(b).size());
            }
            return String.format("%5d  %5d  %5d  %10.1f  %8d/%-8d     %10.0f  %10.0f  %9.0f  %15.0f  %10.2f",
                    ports, nodes, cloud.localPorts, compileMs, intFlows.size(), tunFlows.size(), connectMs, installMs,
                    resyncMs, ofctlMs, installMs / ofctlMs);
        } finally {
            deleteTree(dir);
        }
    }

    private static CompletableFuture<Void> install(CompletableFuture<OpenFlowSwitch> connected, List<Flow> flows) {
        return connected.thenCompose(sw -> sw.dumpFlows()
                .thenCompose(actual -> sw.apply(FlowDiff.between(actual, flows))));
    }

    private static void verifyCount(BenchNode node, String bridge, int expected) throws Exception {
        long n = node.ofctl("dump-flows", bridge).lines().filter(l -> l.contains("cookie=")).count();
        if (n != expected) {
            throw new IllegalStateException(bridge + " holds " + n + " flows, expected " + expected);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
