package dev.muon.ofdriver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One Open vSwitch node for integration tests, started with test-topologies/ovs-node.sh
 * in its own directory and network namespace; its bridges reach the controller on
 * 127.0.0.1:ofPort. {@link #close} stops exactly what the script recorded (also from a
 * shutdown hook, should the test JVM end early) and deletes the directory (keep it, with
 * the daemons' logs, with -Dmuon.keepNodeDirs=true).
 */
final class OvsNode implements AutoCloseable {
    static final Path SCRIPT = Path.of("..", "test-topologies", "ovs-node.sh").toAbsolutePath().normalize();

    final Path dir;
    final String netns;
    private final Thread cleanup = new Thread(this::down, "ovs-node-cleanup");
    private boolean closed;

    private OvsNode(Path dir, String netns) {
        this.dir = dir;
        this.netns = netns;
    }

    /** Whether this machine can run a node (root, Open vSwitch, socat, the script). */
    static boolean available() {
        return "root".equals(System.getProperty("user.name"))
                && Files.isExecutable(Path.of("/usr/sbin/ovs-vswitchd"))
                && Files.isExecutable(Path.of("/usr/bin/socat"))
                && Files.isRegularFile(SCRIPT);
    }

    static OvsNode start(int ofPort) throws IOException, InterruptedException {
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        OvsNode node = new OvsNode(Files.createTempDirectory("muon-ofdriver-" + id + "-"), "muonof-" + id);
        Runtime.getRuntime().addShutdownHook(node.cleanup);
        try {
            node.run(List.of(SCRIPT.toString(), "up", node.dir.toString(), node.netns, Integer.toString(ofPort)));
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    String vsctl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ovs-vsctl", "--timeout=10", "--db=unix:" + dir.resolve("db.sock")));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /** ovs-ofctl against this node's bridges, with OpenFlow 1.4 unless the args say otherwise. */
    String ofctl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ovs-ofctl", "-O", "OpenFlow13,OpenFlow14"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    String run(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OVS_RUNDIR", dir.toString());
        pb.environment().put("OVS_DBDIR", dir.toString());
        pb.environment().put("OVS_LOGDIR", dir.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        if (p.exitValue() != 0) {
            throw new IOException(cmd + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    private synchronized void down() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            run(List.of(SCRIPT.toString(), "down", dir.toString(), netns));
            if (!Boolean.getBoolean("muon.keepNodeDirs")) {
                deleteTree(dir);
            }
        } catch (Exception e) {
            System.err.println("ovs-node.sh down " + dir + " failed: " + e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public void close() {
        down();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }
}
