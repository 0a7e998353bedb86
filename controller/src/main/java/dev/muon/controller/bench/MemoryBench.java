package dev.muon.controller.bench;

import dev.muon.controller.store.DatabaseLocation;
import dev.muon.controller.store.JdbcPersistence;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.compile.PipelineCompiler;
import dev.muon.pipeline.model.NetworkModel;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap per port (issue 12: ≤ 2 KiB per port in model + desired state; 100k ports in a 2 GiB
 * heap). For a {@link SyntheticCloud} of {@code ports} ports on {@code nodes} nodes, every VIF
 * plugged: the model as the controller holds it after a restart (saved to and loaded back from
 * its H2 database, so its strings are parsed ones, not the builder's shared literals), then that
 * model plus every node's desired state ({@link PipelineCompiler#compile} per node, all kept, as
 * the reconciler keeps them). Heap in use after full collections, less what was in use before;
 * the model's lazily built indexes count with the desired states (the compile builds them).
 * Prints figures; asserts nothing.
 */
final class MemoryBench {
    private static final String TARGET = "tcp:127.0.0.1:6653";
    private static final long TWO_GIB = 2L << 30;

    private final PrintStream out;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    MemoryBench(PrintStream out) {
        this.out = out;
    }

    void run(List<Integer> portCounts, int nodes) throws Exception {
        out.println();
        out.println("memory (issue 12): heap after full GCs per port: the model as loaded from its H2 database, then"
                + " with every node's desired state (" + nodes + " nodes, every VIF plugged); max heap "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        out.println("  ports  nodes  model_MiB  B/port  +desired_MiB  B/port  flows  ports_in_2GiB(model+desired)");
        for (int ports : portCounts) {
            out.println(measure(ports, nodes));
        }
    }

    private String measure(int ports, int nodeCount) throws Exception {
        SyntheticCloud built = SyntheticCloud.build(ports, nodeCount, 42, 0, true);
        Path dir = Files.createTempDirectory("muon-bench-memory");
        NetworkModel loaded;
        try {
            try (JdbcPersistence db = JdbcPersistence.open(DatabaseLocation.h2In(dir))) {
                db.save(built.model, 1);
            }
            try (JdbcPersistence db = JdbcPersistence.open(DatabaseLocation.h2In(dir))) {
                long before = used();
                loaded = db.load().orElseThrow().model();
                SyntheticCloud cloud = built.withModel(loaded);
                built = null;
                long model = used() - before;
                List<DesiredState> desired = new ArrayList<>();
                long flows = 0;
                for (String host : cloud.nodes.keySet()) {
                    DesiredState d = PipelineCompiler.compile(cloud.input(TARGET, host));
                    desired.add(d);
                    flows += d.flows().values().stream().mapToLong(List::size).sum();
                }
                long all = used() - before;
                long perPort = all / ports;
                String line = String.format("%7d  %5d  %9.1f  %6d  %12.1f  %6d  %5s  %d", ports, nodeCount,
                        model / 1048576.0, model / ports, all / 1048576.0, perPort, compact(flows),
                        perPort == 0 ? 0 : TWO_GIB / perPort);
                // keep both reachable until measured
                if (desired.size() != cloud.nodes.size() || loaded.ports().size() < ports) {
                    throw new IllegalStateException("lost the cloud");
                }
                return line;
            }
        } finally {
            RoutingBench.deleteTree(dir);
        }
    }

    private static String compact(long n) {
        return n >= 10_000_000 ? (n / 1_000_000) + "M" : n >= 10_000 ? (n / 1000) + "k" : Long.toString(n);
    }

    /** Heap in use once a few full collections have left it still. */
    private long used() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
