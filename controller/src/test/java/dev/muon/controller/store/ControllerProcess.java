package dev.muon.controller.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real controller as a separate process, started as the launcher does
 * ({@code java -cp target/classes:<classpath.txt> dev.muon.controller.Main run ...}) on free ports,
 * so that a test can {@code kill -9} it.
 */
final class ControllerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    final int restPort;

    private ControllerProcess(Process process, Path log, int restPort) {
        this.process = process;
        this.log = log;
        this.restPort = restPort;
    }

    /** Starts a controller on {@code dataDir}; {@code env} adds MUON_* settings (e.g. MUON_STORE_URL). */
    static ControllerProcess start(Path dataDir, Map<String, String> env) throws IOException {
        Path classes = Path.of("target/classes").toAbsolutePath();
        Path classpathFile = Path.of("target/classpath.txt");
        if (!Files.isDirectory(classes) || !Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException("run from the controller module after mvn compile (no " + classpathFile + ")");
        }
        String classpath = classes + ":" + Files.readString(classpathFile).trim();
        int rest = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                "dev.muon.controller.Main", "run", "--rest-port", Integer.toString(rest),
                "--openflow-port", Integer.toString(freePort()), "--ovsdb-port", Integer.toString(freePort()),
                "--data-dir", dataDir.toString()));
        Path log = Files.createTempFile("muon-controller", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MUON_"));
        pb.environment().put("MUON_REST_BIND", "127.0.0.1");
        pb.environment().put("MUON_OPENFLOW_BIND", "127.0.0.1");
        pb.environment().put("MUON_OVSDB_BIND", "127.0.0.1");
        pb.environment().putAll(env);
        return new ControllerProcess(pb.start(), log, rest);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until the REST API answers; fails if the process exits first. */
    void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/v2.0/networks"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("controller exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("controller did not answer within 120 s:\n" + output());
    }

    /** SIGKILL: no shutdown hook, no flush, no clean close of the database. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("controller survived SIGKILL");
        }
    }

    Process process() {
        return process;
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        Files.deleteIfExists(log);
    }
}
