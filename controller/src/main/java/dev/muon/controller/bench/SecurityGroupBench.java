package dev.muon.controller.bench;

import static dev.muon.controller.bench.RoutingBench.bridgeName;
import static dev.muon.controller.bench.RoutingBench.byBridge;
import static dev.muon.controller.bench.RoutingBench.deleteTree;
import static dev.muon.controller.bench.RoutingBench.freePort;
import static dev.muon.controller.bench.RoutingBench.minMedian;

import dev.muon.ofdriver.OpenFlowServer;
import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.compile.PipelineCompiler;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.FlowDiff;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.SecurityGroupRule;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Security groups in the benchmark (issue 11, "Also measure"). A synthetic cloud whose every VM
 * port is in the project's {@code default} group (Neutron's default rules: egress all, ingress
 * from the group's members) and {@code members} of them also in {@code web}, which a rule of
 * {@code default} names (ingress TCP 80 from remote group {@code web}): see
 * {@link SyntheticCloud#withSecurityGroups}.
 *
 * <p>First node1's compile time, its flows in total and in the firewall's tables (71/72 egress,
 * 81/82 ingress), the remote-group flows among them (conjunction clauses and {@code conj_id}
 * accepts), and what a firewall without conjunctions would install for the same rules: one flow
 * per (local port, remote-group rule of its groups, member address of the rule's ethertype).
 *
 * <p>Then a port joining {@code web} and leaving it again, as {@link RoutingBench} times a router
 * interface add: every node's bridges are real (in one userspace Open vSwitch), loaded with the
 * cloud; the port update then runs one pass as the reconciler does (each node in turn: compile,
 * diff against the flows last pushed, one bundle per changed bridge, waiting for its
 * acknowledgement). The time runs from the model holding the updated port to the last affected
 * node's acknowledgement; node1's flow changes (the FlowDiff between its desired states) and its
 * own compile+diff and bundle times are printed too. Afterwards node1's switch is checked to hold,
 * in table 82, the joining port's address in both remote groups' clauses (after a join) or in
 * {@code default}'s alone (after the leave).
 */
final class SecurityGroupBench {
    private static final Duration ECHO_TIMEOUT = Duration.ofSeconds(180);
    private static final int CHANGES = 3;    // ports that join web, then leave it
    private static final int WARMUPS = 1;
    private static final int RUNS = 5;
    private static final int RULES_INGRESS = 82;
    private static final List<Integer> FIREWALL_TABLES = List.of(71, 72, 81, 82);
    private static final List<String> BRIDGES = List.of(Bridges.INTEGRATION, Bridges.TUNNEL);

    private final Path repo;
    private final PrintStream out;

    SecurityGroupBench(Path repo, PrintStream out) {
        this.repo = repo;
        this.out = out;
    }

    void run(int ports, int members, List<Integer> nodeCounts) throws Exception {
        out.println();
        out.println("security groups: every VM port in 'default' (egress all; ingress IPv4/IPv6 from remote group"
                + " default), " + members + " of them also in 'web', which a rule of 'default' names (ingress tcp 80"
                + " from remote group web); node1's compile (min/median of " + RUNS + ") and flows");
        out.println("(remote-group flows: conjunction clauses and conj_id accepts in 72/82; naive: one flow per local"
                + " port x remote-group rule of its groups x member address, what a firewall without conjunctions"
                + " installs for the same rules)");
        out.println("ports  members  nodes  local  compile_ms  flows(br-int/br-tun)  t71/t72/t81/t82  "
                + "remote-group flows  naive flows  naive/remote-group");
        for (int nodes : nodeCounts) {
            out.println(compileRow(ports, members, nodes));
        }
        out.println();
        out.println("a port joins web, then leaves it (" + CHANGES + " ports, bound to node1): one pass as the reconciler"
                + " runs it (nodes in turn: compile, diff, bundle), all nodes' bridges real in one userspace OVS;"
                + " min/median");
        out.println("ports  members  nodes  change  affected  change->installed_ms  node1: flow_changes  "
                + "compile+diff_ms  bundle_ms  t82 clauses as expected");
        for (int nodes : nodeCounts) {
            changeRows(ports, members, nodes).forEach(out::println);
        }
    }

    private String compileRow(int ports, int members, int nodes) {
        SyntheticCloud cloud = SyntheticCloud.build(ports, nodes, 42, 0, true).withSecurityGroups(members);
        String target = "tcp:127.0.0.1:6653";
        String host = SyntheticCloud.host(1);
        DesiredState state = null;
        long[] runs = new long[RUNS];
        for (int i = 0; i < WARMUPS + RUNS; i++) {
            long t0 = System.nanoTime();
            state = PipelineCompiler.compile(cloud.input(target, host));
            if (i >= WARMUPS) {
                runs[i - WARMUPS] = System.nanoTime() - t0;
            }
        }
        List<Flow> intFlows = state.flows(Bridges.INTEGRATION);
        StringBuilder tables = new StringBuilder();
        for (int t : FIREWALL_TABLES) {
            tables.append(tables.isEmpty() ? "" : "/").append(intFlows.stream().filter(f -> f.table() == t).count());
        }
        long remoteGroup = intFlows.stream().filter(f -> f.table() == 72 || f.table() == RULES_INGRESS)
                .map(Flow::toAddFlowSpec).filter(s -> s.contains("conjunction(") || s.contains("conj_id=")).count();
        long naive = naiveFlows(cloud.model, host);
        return String.format("%5d  %7d  %5d  %5d  %10s  %20s  %15s  %18d  %11d  %18.1f",
                ports, members, nodes, cloud.localPorts, minMedian(runs),
                intFlows.size() + "/" + state.flows(Bridges.TUNNEL).size(), tables, remoteGroup, naive,
                (double) naive / remoteGroup);
    }

    /**
     * Flows a firewall without conjunctions needs on {@code host} for the remote-group rules: for
     * each port bound there with port security, each rule of its groups naming a remote group, one
     * flow per member address of the rule's ethertype (the bench's ports have no allowed pairs).
     */
    private static long naiveFlows(NetworkModel model, String host) {
        Map<String, long[]> membersByGroup = new HashMap<>();   // group → {IPv4, IPv6} member addresses
        long n = 0;
        for (Port p : model.ports().values()) {
            if (!host.equals(p.bindingHostId()) || !p.portSecurityEnabled()) {
                continue;
            }
            for (String g : p.securityGroups()) {
                for (SecurityGroupRule r : model.rulesOf(g)) {
                    if (r.remoteGroupId() == null) {
                        continue;
                    }
                    long[] count = membersByGroup.computeIfAbsent(r.remoteGroupId(), id -> {
                        long[] c = new long[2];
                        for (Port m : model.membersOf(id)) {
                            for (FixedIp ip : m.fixedIps()) {
                                c[ip.ipAddress().contains(":") ? 1 : 0]++;
                            }
                        }
                        return c;
                    });
                    n += count["IPv6".equals(r.ethertype()) ? 1 : 0];
                }
            }
        }
        return n;
    }

    /** One pass after a port update: what it took. */
    private record Pass(double totalMs, int affected, int node1Changes, double node1ComputeMs, double node1ApplyMs,
                        boolean ok) {
    }

    private List<String> changeRows(int ports, int members, int nodes) throws Exception {
        SyntheticCloud cloud = SyntheticCloud.build(ports, nodes, 42, 0, true).withSecurityGroups(members);
        String host1 = SyntheticCloud.host(1);
        List<Port> candidates = cloud.model.ports().values().stream()
                .filter(p -> host1.equals(p.bindingHostId()) && !p.securityGroups().contains(SyntheticCloud.WEB_GROUP))
                .sorted(java.util.Comparator.comparing(Port::id)).toList();
        int changes = Math.min(CHANGES, candidates.size());
        if (changes == 0) {
            return List.of(String.format("%5d  %7d  %5d  (no port on node1 outside web)", ports, members, nodes));
        }
        List<Port> joining = new ArrayList<>();
        for (int k = 0; k < changes; k++) {   // spread over node1's ports
            joining.add(candidates.get((2 * k + 1) * candidates.size() / (2 * changes)));
        }

        int ofPort = freePort();
        String target = "tcp:127.0.0.1:" + ofPort;
        ExpectedSwitches connected = new ExpectedSwitches(cloud.nodes.keySet(), BRIDGES);
        Path dir = Files.createTempDirectory("muon-bench-sg");
        // A long keep-alive timeout: the loading of one node's bridge (a single OVS process holds every
        // node's) may keep the switch from answering echoes for longer than the default 15 s.
        try (OpenFlowServer server = new OpenFlowServer(new InetSocketAddress("127.0.0.1", ofPort), connected,
                OpenFlowServer.DEFAULT_ECHO_INTERVAL, ECHO_TIMEOUT);
                BenchNode ovs = BenchNode.start(repo, dir.resolve("ovs"), ofPort)) {
            server.start();
            for (String host : cloud.nodes.keySet()) {
                for (String b : BRIDGES) {
                    ovs.addBridge(bridgeName(host, b), host, b, target);
                }
            }
            // Load every node with the cloud (not measured), one bridge at a time: all of them are in
            // one OVS, whose bundles would otherwise queue behind each other and stall every echo.
            Map<String, Map<String, List<Flow>>> held = new ConcurrentHashMap<>();
            cloud.nodes.keySet().parallelStream().forEach(host -> held.put(host,
                    byBridge(PipelineCompiler.compile(cloud.input(target, host)))));
            Map<String, OpenFlowSwitch> switches = new HashMap<>();
            for (String host : cloud.nodes.keySet()) {
                for (String b : BRIDGES) {
                    OpenFlowSwitch sw = connected.of(host, b).get(120, TimeUnit.SECONDS);
                    switches.put(host + "/" + b, sw);
                    sw.apply(FlowDiff.between(sw.dumpFlows().get(600, TimeUnit.SECONDS), held.get(host).get(b)))
                            .get(1200, TimeUnit.SECONDS);
                }
            }

            List<Pass> joins = new ArrayList<>();
            List<Pass> leaves = new ArrayList<>();
            NetworkModel model = cloud.model;
            for (Port p : joining) {
                Instant at = Instant.EPOCH.plusSeconds(p.revisionNumber() + 1);
                Port joined = SyntheticCloud.withGroups(p, List.of(SyntheticCloud.DEFAULT_GROUP,
                        SyntheticCloud.WEB_GROUP)).revised(at);
                model = model.withPort(joined);
                joins.add(pass(cloud.withModel(model), target, held, switches, ovs, joined, 2));
                Port left = SyntheticCloud.withGroups(joined, List.of(SyntheticCloud.DEFAULT_GROUP)).revised(at);
                model = model.withPort(left);
                leaves.add(pass(cloud.withModel(model), target, held, switches, ovs, left, 1));
            }
            return List.of(changeRowText(ports, members, nodes, "join", joins),
                    changeRowText(ports, members, nodes, "leave", leaves));
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * One reconciler pass after {@code port}'s groups changed, timed; then the check that node1's
     * switch holds the port's address in {@code expectedConjunctions} remote-group clauses.
     */
    private Pass pass(SyntheticCloud cloud, String target, Map<String, Map<String, List<Flow>>> held,
                      Map<String, OpenFlowSwitch> switches, BenchNode ovs, Port port, int expectedConjunctions)
            throws Exception {
        String host1 = SyntheticCloud.host(1);
        int affected = 0;
        int node1Changes = 0;
        double node1Compute = 0;
        double node1Apply = 0;
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
            if (changed > 0) {
                affected++;
                lastAffected = c1;
            }
            if (host.equals(host1)) {
                node1Changes = changed;
                node1Compute = (b1 - a) / 1e6;
                node1Apply = (c1 - b1) / 1e6;
            }
        }
        double total = lastAffected == 0 ? 0 : (lastAffected - t0) / 1e6;

        String ip = port.fixedIps().get(0).ipAddress();
        String dump = ovs.ofctl("dump-flows", bridgeName(host1, Bridges.INTEGRATION),
                "table=" + RULES_INGRESS + ",ip,nw_src=" + ip);
        List<String> clauses = dump.lines().filter(l -> l.contains("cookie=")).toList();
        boolean ok = !clauses.isEmpty() && clauses.stream()
                .allMatch(l -> l.split("conjunction\\(", -1).length - 1 == expectedConjunctions);
        return new Pass(total, affected, node1Changes, node1Compute, node1Apply, ok);
    }

    private static String changeRowText(int ports, int members, int nodes, String change, List<Pass> passes) {
        String affected = passes.stream().map(p -> Integer.toString(p.affected())).distinct()
                .reduce((x, y) -> x + "," + y).orElse("0");
        String node1Changes = passes.stream().map(p -> Integer.toString(p.node1Changes())).distinct()
                .reduce((x, y) -> x + "," + y).orElse("0");
        long ok = passes.stream().filter(Pass::ok).count();
        return String.format("%5d  %7d  %5d  %6s  %8s  %20s  %19s  %15s  %9s  %d/%d%s",
                ports, members, nodes, change, affected,
                minMedian(passes.stream().mapToDouble(Pass::totalMs).toArray()), node1Changes,
                minMedian(passes.stream().mapToDouble(Pass::node1ComputeMs).toArray()),
                minMedian(passes.stream().mapToDouble(Pass::node1ApplyMs).toArray()),
                ok, passes.size(), ok == passes.size() ? "" : " (NOT AS EXPECTED)");
    }
}
