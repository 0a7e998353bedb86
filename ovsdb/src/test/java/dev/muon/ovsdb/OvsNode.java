package dev.muon.ovsdb;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One real Open vSwitch node for a test, started by test-topologies/ovs-node.sh: its own
 * ovsdb-server (unix socket in a temp dir) and ovs-vswitchd in its own network namespace.
 * {@link #close()} stops exactly what the script recorded and removes the directory.
 */
final class OvsNode implements AutoCloseable {

    private static final Path SCRIPT = locateScript();
    private static final AtomicInteger COUNT = new AtomicInteger();

    final Path dir;
    final String netns;

    private OvsNode(Path dir, String netns) {
        this.dir = dir;
        this.netns = netns;
    }

    static boolean available() {
        return SCRIPT != null && Files.isExecutable(Path.of("/usr/bin/ovs-vsctl"))
                && Files.isExecutable(Path.of("/usr/sbin/ovs-vswitchd"));
    }

    static OvsNode start() throws Exception {
        Path dir = Files.createTempDirectory("muon-ovsdb-test-");
        String netns = "movs" + ProcessHandle.current().pid() + "x" + COUNT.incrementAndGet();
        OvsNode node = new OvsNode(dir, netns);
        try {
            run(List.of(SCRIPT.toString(), "up", dir.toString(), netns, Integer.toString(freePort())));
        } catch (Exception e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** ovs-vsctl against this node's database only. */
    String vsctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ovs-vsctl", "--timeout=10", "--db=unix:" + dir.resolve("db.sock")));
        cmd.addAll(List.of(args));
        return run(cmd).trim();
    }

    /** A raw transaction on this node's database, as ovsdb-client prints its result (JSON). */
    String transact(String operationsJson) throws Exception {
        return run(List.of("ovsdb-client", "--timeout=10", "transact", "unix:" + dir.resolve("db.sock"),
                "[\"Open_vSwitch\"," + operationsJson + "]")).trim();
    }

    @Override
    public void close() throws Exception {
        try {
            run(List.of(SCRIPT.toString(), "down", dir.toString(), netns));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            // the script backgrounds socat with its own output redirected, so EOF comes promptly
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    private static Path locateScript() {
        for (Path p : List.of(Path.of("../test-topologies/ovs-node.sh"), Path.of("test-topologies/ovs-node.sh"))) {
            if (Files.isExecutable(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }
}
