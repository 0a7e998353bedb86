package dev.muon.controller.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, throwaway Keystone (Debian's python3-keystone) for the tests: its own config file,
 * sqlite database (in WAL mode, else concurrent requests fail with "database is locked"), fernet
 * and credential keys and logs in {@code dir}, bootstrapped with an admin, served by
 * keystone-wsgi-public on a free loopback port. Nothing under /etc/keystone is used. Closing it
 * stops the servers it started, by their process handles.
 */
final class Keystone implements AutoCloseable {
    static final String ADMIN_PASSWORD = "admin-secret";
    static final String REGION = "RegionOne";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final URI v3;
    private final Path config;
    private final List<Process> servers = new ArrayList<>();
    private String adminToken;

    private Keystone(Path dir, int port) {
        this.dir = dir;
        this.v3 = URI.create("http://127.0.0.1:" + port + "/v3");
        this.config = dir.resolve("keystone.conf");
    }

    static Keystone start(Path dir) throws Exception {
        int port = Cloud.freePort();
        Keystone k = new Keystone(dir, port);
        Files.createDirectories(dir.resolve("log"));
        Files.writeString(k.config, config(dir, 3600));
        k.manage("db_sync");
        run(dir, List.of("/usr/bin/python3", "-c",
                "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA journal_mode=WAL')",
                dir.resolve("keystone.db").toString()));
        String user = System.getProperty("user.name");
        k.manage("fernet_setup", "--keystone-user", user, "--keystone-group", group());
        k.manage("credential_setup", "--keystone-user", user, "--keystone-group", group());
        k.manage("bootstrap", "--bootstrap-password", ADMIN_PASSWORD, "--bootstrap-public-url", k.v3.toString(),
                "--bootstrap-region-id", REGION);
        k.serve(k.config, port);
        return k;
    }

    /**
     * A second server on the same database and keys whose tokens expire {@code seconds} after
     * they are issued: its tokens are valid everywhere, until then. Answers its v3 URL.
     */
    URI shortLivedTokenServer(int seconds) throws Exception {
        Path shortConfig = dir.resolve("keystone-short.conf");
        Files.writeString(shortConfig, config(dir, seconds));
        int port = Cloud.freePort();
        serve(shortConfig, port);
        return URI.create("http://127.0.0.1:" + port + "/v3");
    }

    private static String config(Path dir, int tokenSeconds) {
        return "[DEFAULT]\nlog_dir = " + dir.resolve("log") + "\n"
                + "[database]\nconnection = sqlite:///" + dir.resolve("keystone.db") + "\n"
                + "[fernet_tokens]\nkey_repository = " + dir.resolve("fernet-keys") + "\n"
                + "[fernet_receipts]\nkey_repository = " + dir.resolve("fernet-keys") + "\n"
                + "[credential]\nkey_repository = " + dir.resolve("credential-keys") + "\n"
                + "[token]\nexpiration = " + tokenSeconds + "\n"
                // bcrypt's cheapest cost: the tests authenticate often, on a busy machine
                + "[identity]\npassword_hash_rounds = 4\n";
    }

    /**
     * A new client each time: keystone-wsgi-public answers HTTP/1.0 and closes, and a pooled
     * connection it closed would fail the next POST.
     */
    private static HttpClient http() {
        return HttpClient.newHttpClient();
    }

    private void serve(Path configFile, int port) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/keystone-wsgi-public", "--host", "127.0.0.1",
                "--port", Integer.toString(port)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").resolve("wsgi-" + port + ".out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("OS_"));
        pb.environment().put("OS_KEYSTONE_CONFIG_FILES", configFile.toString());
        servers.add(pb.start());
        URI root = URI.create("http://127.0.0.1:" + port + "/v3");
        Eventually.await("keystone on " + port, Duration.ofSeconds(90), () -> {
            try {
                return http().send(HttpRequest.newBuilder(root).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1;
            }
        }, status -> status == 200);
    }

    private void manage(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/keystone-manage", "--config-file", config.toString()));
        command.addAll(List.of(args));
        run(dir, command);
    }

    private static String group() throws Exception {
        Process p = new ProcessBuilder("id", "-gn").start();
        String g = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return g;
    }

    private static void run(Path dir, List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "cmd", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("OS_"));
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " hung");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + Files.readString(out));
        }
    }

    // --- the identity API, as the admin or as a user ---

    /** A project-scoped token of {@code user} (Default domain), issued by {@code issuer}. */
    String token(URI issuer, String user, String password, String project) throws Exception {
        String body = "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \""
                + user + "\", \"domain\": {\"name\": \"Default\"}, \"password\": \"" + password + "\"}}}, "
                + "\"scope\": {\"project\": {\"name\": \"" + project + "\", \"domain\": {\"name\": \"Default\"}}}}}";
        HttpResponse<String> r = http().send(HttpRequest.newBuilder(URI.create(issuer + "/auth/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IOException("token for " + user + ": " + r.statusCode() + " " + r.body());
        }
        return r.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    String token(String user, String password, String project) throws Exception {
        return token(v3, user, password, project);
    }

    String adminToken() throws Exception {
        if (adminToken == null) {
            adminToken = token("admin", ADMIN_PASSWORD, "admin");
        }
        return adminToken;
    }

    String createProject(String name) throws Exception {
        return post("projects", "{\"project\": {\"name\": \"" + name + "\", \"domain_id\": \"default\"}}")
                .get("project").get("id").asText();
    }

    /** A user with {@code role} (admin, member, reader) in {@code projectId}. */
    String createUser(String name, String password, String projectId, String role) throws Exception {
        String user = post("users", "{\"user\": {\"name\": \"" + name + "\", \"domain_id\": \"default\", "
                + "\"password\": \"" + password + "\"}}").get("user").get("id").asText();
        String roleId = admin("GET", "roles?name=" + role, null).get("roles").get(0).get("id").asText();
        admin("PUT", "projects/" + projectId + "/users/" + user + "/roles/" + roleId, null);
        return user;
    }

    /** The catalog's network service, with a public endpoint at {@code url}: where the CLI finds Neutron. */
    void registerNetworkEndpoint(String url) throws Exception {
        String service = post("services", "{\"service\": {\"type\": \"network\", \"name\": \"muon\"}}")
                .get("service").get("id").asText();
        post("endpoints", "{\"endpoint\": {\"service_id\": \"" + service + "\", \"interface\": \"public\", "
                + "\"url\": \"" + url + "\", \"region_id\": \"" + REGION + "\"}}");
    }

    void revoke(String token) throws Exception {
        HttpResponse<String> r = http().send(HttpRequest.newBuilder(URI.create(v3 + "/auth/tokens"))
                .header("X-Auth-Token", adminToken()).header("X-Subject-Token", token).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204) {
            throw new IOException("revoke: " + r.statusCode() + " " + r.body());
        }
    }

    private JsonNode post(String path, String body) throws Exception {
        return admin("POST", path, body);
    }

    private JsonNode admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(v3 + "/" + path))
                .header("X-Auth-Token", adminToken()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http().send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    /** Stops every server this fixture started; the database and keys stay in {@code dir}. */
    void stopServers() throws InterruptedException {
        for (Process p : servers) {
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        servers.clear();
    }

    @Override
    public void close() throws Exception {
        stopServers();
    }
}
