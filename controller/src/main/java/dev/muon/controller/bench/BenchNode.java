package dev.muon.controller.bench;

import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.DatapathIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One real userspace Open vSwitch node for the benchmark, started with test-topologies/ovs-node.sh. */
final class BenchNode implements AutoCloseable {
    private final Path script;
    private final Path dir;
    private final String netns;

    private BenchNode(Path script, Path dir, String netns) {
        this.script = script;
        this.dir = dir;
        this.netns = netns;
    }

    static BenchNode start(Path repo, Path dir, int openflowPort) throws IOException {
        return start(repo, dir, openflowPort, "");
    }

    /** A node with its own network namespace, {@code muon-bench-<name>-<pid>}: several may run at once. */
    static BenchNode start(Path repo, Path dir, int openflowPort, String name) throws IOException {
        Path script = repo.resolve("test-topologies/ovs-node.sh");
        String ns = "muon-bench-" + (name.isEmpty() ? "" : name + "-") + ProcessHandle.current().pid();
        run(List.of(script.toString(), "up", dir.toString(), ns, Integer.toString(openflowPort)));
        return new BenchNode(script, dir, ns);
    }

    /** The network namespace its ovs-vswitchd runs in (where its VIFs' host ends go). */
    String netns() {
        return netns;
    }

    /** CPU time ovs-vswitchd has used so far (user + system, from /proc; 10 ms resolution). */
    long vswitchdCpuNanos() throws IOException {
        String pid = java.nio.file.Files.readString(dir.resolve("ovs-vswitchd.pid")).trim();
        String stat = java.nio.file.Files.readString(Path.of("/proc", pid, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");   // after "pid (comm) "
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);   // utime, stime (USER_HZ = 100)
        return ticks * 10_000_000L;
    }

    /** Creates a bridge as the controller would, so it connects with the datapath id Muon expects. */
    void addBridge(String hostname, String bridge, String controllerTarget) throws IOException {
        addBridge(bridge, hostname, bridge, controllerTarget);
    }

    /**
     * A bridge named {@code name} that connects as {@code hostname}'s {@code bridge}: several
     * nodes' bridges can share this one switch (names must differ; each connects with its node's
     * datapath id).
     */
    void addBridge(String name, String hostname, String bridge, String controllerTarget) throws IOException {
        vsctl("add-br", name, "--", "set", "Bridge", name, "datapath_type=netdev", "fail_mode=secure",
                "protocols=" + String.join(",", Bridges.PROTOCOLS),
                "other_config:datapath-id=" + DatapathIds.hex(DatapathIds.of(hostname, bridge)),
                "--", "set-controller", name, controllerTarget);
    }

    String vsctl(String... args) throws IOException {
        return vsctl(20, List.of(args));
    }

    /** ovs-vsctl with a longer wait, for one transaction of many ports. */
    String vsctl(int timeoutSeconds, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ovs-vsctl", "--timeout=" + timeoutSeconds,
                "--db=unix:" + dir.resolve("db.sock")));
        cmd.addAll(args);
        return run(cmd);
    }

    /** ovs-ofctl on this node, started and left running (e.g. {@code monitor}); its output merged into stdout. */
    Process ofctlProcess(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("env", "OVS_RUNDIR=" + dir, "ovs-ofctl", "-O", "OpenFlow14"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    String ofctl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("env", "OVS_RUNDIR=" + dir, "ovs-ofctl", "-O", "OpenFlow14"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    @Override
    public void close() throws IOException {
        run(List.of(script.toString(), "down", dir.toString(), netns));
    }

    static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IOException(cmd + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
