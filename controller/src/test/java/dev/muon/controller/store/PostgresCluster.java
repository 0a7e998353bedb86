package dev.muon.controller.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server from Debian's {@code postgresql} package (for the store's and the
 * cluster's tests): its own cluster in a temporary directory (initdb and pg_ctl run as the {@code postgres} user, since PostgreSQL
 * refuses to run as root), listening on 127.0.0.1 on a free port with password authentication,
 * stopped by its postmaster's pid.
 */
public final class PostgresCluster implements AutoCloseable {
    static final String SUPERUSER = "postgres";
    private static final String OS_USER = "postgres";

    private final Path root;
    private final Path data;
    private final int port;
    private final String password;
    private long postmasterPid;
    /** The server's processes {@link #freeze} stopped. */
    private final List<Long> frozen = new ArrayList<>();
    private int databases;

    private PostgresCluster(Path root, int port, String password) {
        this.root = root;
        this.data = root.resolve("data");
        this.port = port;
        this.password = password;
    }

    public static PostgresCluster start() throws IOException, InterruptedException {
        Path bin = binaries();
        Path root = Files.createTempDirectory("muon-pg");
        // The postgres user must reach its files: the temp dir is root's and private by default.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        UserPrincipal postgres = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
        Files.setOwner(root, postgres);
        PostgresCluster cluster = new PostgresCluster(root, freePort(), "pw-" + System.nanoTime());
        try {
            cluster.init(bin);
            cluster.startServer(bin);
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Debian installs the server outside the PATH: /usr/lib/postgresql/VERSION/bin. */
    private static Path binaries() throws IOException {
        Path lib = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("PostgreSQL is not installed (apt-get install -y postgresql)");
        }
        try (Stream<Path> versions = Files.list(lib)) {
            Optional<Path> newest = versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString())));
            return newest.orElseThrow(() -> new IllegalStateException("no initdb under " + lib));
        }
    }

    private void init(Path bin) throws IOException, InterruptedException {
        Path pwfile = root.resolve("pwfile");
        Files.writeString(pwfile, password + "\n");
        Files.setOwner(pwfile, root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER));
        runAsPostgres(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                "--locale=C.UTF-8"));
    }

    private void startServer(Path bin) throws IOException, InterruptedException {
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + root
                + " -c fsync=on -c synchronous_commit=on";
        runAsPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                root.resolve("server.log").toString(), "-w", "-t", "120", "-o", options, "start"));
        // First line of postmaster.pid is the server's pid.
        postmasterPid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    }

    private void runAsPostgres(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", OS_USER, "--"));
        full.addAll(command);
        Path out = Files.createTempFile("muon-pg", ".out");
        try {
            Process p = new ProcessBuilder(full).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " hung");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "):\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new, empty database owned by the superuser. */
    public DatabaseLocation createDatabase() throws SQLException {
        String name = "muon_test_" + (++databases);
        try (Connection c = DriverManager.getConnection(url("postgres"), SUPERUSER, password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new DatabaseLocation(url(name), SUPERUSER, password);
    }

    /** Closes every other session's connection, as a server restart would. */
    void terminateConnections(DatabaseLocation db) throws SQLException {
        try (Connection c = DriverManager.getConnection(url("postgres"), SUPERUSER, password);
             Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                    + " AND datname = '" + db.url().substring(db.url().lastIndexOf('/') + 1) + "'");
        }
    }

    /** Stops the server (fast shutdown) and keeps its data, as an outage would; {@link #restart} brings it back. */
    public void stop() throws IOException, InterruptedException {
        shutdown();
    }

    /** Starts the stopped server again, on the same port, with the same data. */
    public void restart() throws IOException, InterruptedException {
        startServer(binaries());
    }

    /**
     * Freezes the server (SIGSTOP to the postmaster and its backends): connections stay open but
     * nothing answers, as with a partition or a hung host. {@link #thaw} lets it go on.
     */
    public void freeze() throws IOException, InterruptedException {
        frozen.clear();
        frozen.add(postmasterPid);
        ProcessHandle.of(postmasterPid).ifPresent(p -> p.descendants().forEach(d -> frozen.add(d.pid())));
        signal("-STOP", frozen);
    }

    public void thaw() throws IOException, InterruptedException {
        signal("-CONT", frozen);
        frozen.clear();
    }

    private static void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /** Fast shutdown (SIGINT to the postmaster), then the directory goes. */
    @Override
    public void close() throws IOException, InterruptedException {
        shutdown();
        deleteRecursively(root);
    }

    private void shutdown() throws IOException, InterruptedException {
        if (postmasterPid > 0) {
            Optional<ProcessHandle> postmaster = ProcessHandle.of(postmasterPid);
            if (postmaster.isPresent()) {
                new ProcessBuilder("kill", "-INT", Long.toString(postmasterPid)).inheritIO().start().waitFor();
                postmaster.get().onExit().orTimeout(60, TimeUnit.SECONDS).exceptionally(e -> null).join();
                if (postmaster.get().isAlive()) {
                    postmaster.get().destroyForcibly();
                }
            }
            postmasterPid = 0;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
