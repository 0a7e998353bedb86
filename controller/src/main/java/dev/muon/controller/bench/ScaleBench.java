package dev.muon.controller.bench;

import dev.muon.pipeline.compile.CompileInput;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.compile.IncrementalCompiler;
import dev.muon.pipeline.compile.PipelineCompiler;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The compiler at cloud scale, in process (no switches): a synthetic cloud of many nodes, every
 * node's VIFs plugged and every port in the default security group. Prints the full compile of
 * every node (one thread, and the reconciler's pool), then one port created, plugged on one node
 * and bound there as the controller sees it happen (three model/node changes), each through the
 * {@link IncrementalCompiler}: how many nodes it recompiled, how many it kept, and the time. The
 * OpenFlow and OVSDB side at that scale is not measured here (there is no node simulator yet).
 */
final class ScaleBench {
    private static final String TARGET = "tcp:127.0.0.1:6653";
    private final PrintStream out;

    ScaleBench(PrintStream out) {
        this.out = out;
    }

    void run(int ports, int nodes, int threads) throws Exception {
        run(SyntheticCloud.build(ports, nodes, 7, 0, true), ports, nodes, threads, "no security groups");
        // Neutron's default group lets its members in: every member's address is on every node that has one
        run(SyntheticCloud.build(ports, nodes, 7, 0, true).withSecurityGroups(0), ports, nodes, threads,
                "every port in the default security group (its members are on every node)");
    }

    private void run(SyntheticCloud cloud, int ports, int nodes, int threads, String groups) throws Exception {
        out.printf("%nscale (issue 12): %d ports, %d nodes, every node's VIFs plugged, %s; compile only, in process%n",
                ports, nodes, groups);
        Map<String, NodeState> states = Map.copyOf(cloud.nodes);
        // warm the JIT on a tenth of the nodes
        states.keySet().stream().limit(Math.max(1, nodes / 10)).forEach(h -> PipelineCompiler.compile(input(cloud.model, states, h, cloud)));
        long t0 = System.nanoTime();
        long flows = 0;
        for (String host : states.keySet()) {
            flows += flowCount(PipelineCompiler.compile(input(cloud.model, states, host, cloud)));
        }
        double oneThread = ms(t0);
        IncrementalCompiler inc = new IncrementalCompiler();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            t0 = System.nanoTime();
            compileAll(pool, inc, cloud.model, states, cloud);
            double pooled = ms(t0);
            out.println("full compile, every node: one thread  " + threads + " threads  flows (all nodes)  per node");
            out.printf("                         %8.0f ms  %8.0f ms  %17d  %6.2f ms%n", oneThread, pooled, flows,
                    oneThread / nodes);

            // one port's life as the reconciler sees it: created, plugged (a VIF with an ofport), bound ACTIVE
            Port sample = cloud.model.ports().values().stream().filter(p -> p.deviceOwner().startsWith("compute:"))
                    .findFirst().orElseThrow();
            String host = states.keySet().stream().sorted().skip(nodes / 2).findFirst().orElseThrow();
            Port fresh = new Port("port-bench-new", "new", "", "bench", sample.networkId(), "fa:16:3e:fe:00:01",
                    List.of(new FixedIp(sample.fixedIps().get(0).subnetId(), "10.255.255.254")), true, "DOWN",
                    "vm-new", "compute:nova", "", true, List.of(), sample.createdAt(), sample.updatedAt(), 1,
                    sample.securityGroups(), Map.of(), List.of());
            NetworkModel created = cloud.model.withPort(fresh);
            NodeState on = states.get(host);
            List<ObservedInterface> ifaces = new ArrayList<>(on.interfaces());
            int ofport = ifaces.stream().mapToInt(i -> i.ofport() == null ? 0 : i.ofport()).max().orElse(1) + 1;
            ifaces.add(new ObservedInterface("tap-new", "br-int", "", ofport, null, Map.of("iface-id", fresh.id()),
                    Map.of()));
            Map<String, NodeState> plugged = new HashMap<>(states);
            plugged.put(host, new NodeState(on.connectionId(), on.config(), on.bridges(), ifaces));
            plugged = Map.copyOf(plugged);
            NetworkModel bound = created.withPort(new Port(fresh.id(), fresh.name(), "", "bench", fresh.networkId(),
                    fresh.macAddress(), fresh.fixedIps(), true, "ACTIVE", "vm-new", "compute:nova", host, true,
                    List.of(), fresh.createdAt(), fresh.updatedAt(), 2, fresh.securityGroups(), Map.of(), List.of()));
            out.println("one port, step by step    nodes recompiled  kept  pass ms  ms per recompiled node");
            step("created (not plugged)", pool, inc, created, states, cloud);
            step("plugged on " + host, pool, inc, created, plugged, cloud);
            step("bound there, ACTIVE", pool, inc, bound, plugged, cloud);
        } finally {
            pool.shutdownNow();
        }
    }

    private void step(String what, ExecutorService pool, IncrementalCompiler inc, NetworkModel model,
                      Map<String, NodeState> states, SyntheticCloud cloud) throws Exception {
        long compiled = inc.compiledCount();
        long kept = inc.keptCount();
        long t0 = System.nanoTime();
        long busy = compileAll(pool, inc, model, states, cloud);
        double pass = ms(t0);
        long recompiled = inc.compiledCount() - compiled;
        out.printf("%-25s %16d  %4d  %7.1f  %s%n", what, recompiled, inc.keptCount() - kept, pass,
                recompiled == 0 ? "-" : String.format("%.2f", busy / 1e6 / recompiled));
    }

    /** Compiles every node on the pool; returns the nanoseconds spent in recompiled nodes. */
    private static long compileAll(ExecutorService pool, IncrementalCompiler inc, NetworkModel model,
                                   Map<String, NodeState> states, SyntheticCloud cloud) throws Exception {
        List<Future<Long>> work = new ArrayList<>();
        for (String host : states.keySet()) {
            work.add(pool.submit(() -> {
                long before = inc.compiledCount();
                long t = System.nanoTime();
                inc.compile(input(model, states, host, cloud));
                // approximate under concurrency: counts this node's time when any node compiled meanwhile
                return inc.compiledCount() > before ? System.nanoTime() - t : 0L;
            }));
        }
        long busy = 0;
        for (Future<Long> f : work) {
            busy += f.get();
        }
        return busy;
    }

    private static CompileInput input(NetworkModel model, Map<String, NodeState> states, String host,
                                      SyntheticCloud cloud) {
        return new CompileInput(model, states, host, cloud.localVlans, TARGET, cloud.dvrMacs, cloud.routerNumbers);
    }

    private static long flowCount(DesiredState d) {
        return d.flows().values().stream().mapToLong(List::size).sum();
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

}
