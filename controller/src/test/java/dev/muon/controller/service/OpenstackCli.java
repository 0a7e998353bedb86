package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muon.controller.store.ModelStore;
import dev.muon.northbound.NorthboundServer;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Muon's Neutron API on an ephemeral port over a durable store in a data directory, driven by
 * the real clients as an operator runs them without Keystone: python-openstackclient
 * ({@code openstack --os-auth-type none --os-endpoint http://127.0.0.1:PORT ...}) and, for the
 * seeds' literal command lines, the legacy {@code neutron} client (same no-auth endpoint).
 */
final class OpenstackCli implements AutoCloseable {
    private static final Path OPENSTACK = Path.of("/usr/bin/openstack");
    private static final Path NEUTRON = Path.of("/usr/bin/neutron");
    // Debian's clients run on Debian's Python, not on another python3 earlier on the PATH.
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDir;
    private final ServiceConfig config;
    private final QuotaDefaults quotas;
    private ModelStore store;
    private NorthboundServer server;

    OpenstackCli(Path dataDir, ServiceConfig config) {
        this(dataDir, config, QuotaDefaults.unlimited());
    }

    OpenstackCli(Path dataDir, ServiceConfig config, QuotaDefaults quotas) {
        // Fails rather than skips, like the other integration tests: a missing client must be noticed.
        assertTrue(Files.isExecutable(OPENSTACK) && Files.isExecutable(NEUTRON) && Files.isExecutable(PYTHON),
                "python3-openstackclient and python3-neutronclient must be installed");
        this.dataDir = dataDir;
        this.config = config;
        this.quotas = quotas;
        start();
    }

    private void start() {
        store = ModelStore.open(dataDir);
        server = new NorthboundServer(new NeutronNetworkService(store, config, quotas), new InetSocketAddress("127.0.0.1", 0));
        server.start();
    }

    /** Stops the controller's API and store and starts them again on the same data directory. */
    void restart() {
        close();
        start();
    }

    record Result(int code, String out, String err) {
    }

    /** {@code openstack ... -f json}, which must succeed. */
    JsonNode json(String... args) throws Exception {
        List<String> withFormat = new ArrayList<>(List.of(args));
        withFormat.addAll(List.of("-f", "json"));
        Result r = openstack(withFormat.toArray(String[]::new));
        assertEquals(0, r.code(), "openstack " + String.join(" ", args) + " failed: " + r.err());
        return JSON.readTree(r.out());
    }

    /** {@code openstack ...}, which must succeed; answers its output. */
    String ok(String... args) throws Exception {
        Result r = openstack(args);
        assertEquals(0, r.code(), "openstack " + String.join(" ", args) + " failed: " + r.err());
        return r.out();
    }

    Result openstack(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), OPENSTACK.toString(),
                "--os-auth-type", "none", "--os-endpoint", endpoint()));
        command.addAll(List.of(args));
        return run(command, false);
    }

    /** A line of the legacy neutron client, as the seeds write it; it must succeed. */
    String neutron(String line) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), NEUTRON.toString()));
        command.addAll(List.of(line.trim().split("\\s+")));
        Result r = run(command, true);
        assertEquals(0, r.code(), "neutron " + line + " failed: " + r.err());
        return r.out();
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    private Result run(List<String> command, boolean legacy) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        // No cloud credentials from the environment may redirect the client elsewhere.
        pb.environment().keySet().removeIf(k -> k.startsWith("OS_"));
        if (legacy) {
            pb.environment().put("OS_AUTH_TYPE", "none");
            pb.environment().put("OS_ENDPOINT", endpoint());
        }
        // stderr goes to a file so that neither pipe can fill up and stall the client.
        Path err = Files.createTempFile(dataDir, "cli", ".err");
        pb.redirectError(err.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " hung");
        String errText = Files.readString(err);
        Files.delete(err);
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), errText);
    }

    /** The value of {@code field} in the "| field | value |" table the legacy client prints. */
    static String field(String table, String field) {
        for (String line : table.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length >= 3 && cells[1].trim().equals(field)) {
                return cells[2].trim();
            }
        }
        throw new AssertionError("no field " + field + " in\n" + table);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            store.close();
            server = null;
        }
    }
}
