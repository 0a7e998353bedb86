package dev.muon.controller.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Muon behind a real Keystone (auth.strategy=keystone), as Neutron is behind keystonemiddleware:
 * tokens checked, roles mapped to the policy, identity headers of callers ignored, the operator
 * endpoints for admins, and the real openstack CLI with password authentication finding Muon
 * through the service catalog.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeystoneAuthIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "user-secret";
    /** Short, so that a revoked token is seen to stop working within it. */
    private static final int CACHE_SECONDS = 3;

    private final HttpClient http = HttpClient.newHttpClient();
    private Path dir;
    private Keystone keystone;
    private Cloud cloud;
    private String demo;
    private String other;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("muon-keystone");
        keystone = Keystone.start(dir);
        String service = keystone.createProject("service");
        keystone.createUser("muon", "muon-secret", service, "admin");
        demo = keystone.createProject("demo");
        other = keystone.createProject("other");
        keystone.createUser("alice", PASSWORD, demo, "member");
        keystone.createUser("bob", PASSWORD, other, "member");
        cloud = Cloud.start("keystone", Map.of(
                "auth.strategy", "keystone",
                "keystone.url", keystone.v3.toString(),
                "keystone.user", "muon",
                "keystone.password", "muon-secret",
                "keystone.project", "service",
                "keystone.token_cache_time", Integer.toString(CACHE_SECONDS)));
        keystone.registerNetworkEndpoint(muon());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (cloud != null) {
                cloud.close();
            }
        } finally {
            if (keystone != null) {
                keystone.close();
            }
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void withoutAValidTokenOnlyTheVersionDocumentAnswers() throws Exception {
        assertEquals(200, send("GET", "/", null, null).statusCode(), "version discovery is public");
        for (String token : new String[] {null, "", "not-a-token", "gAAAAABinvalidfernet"}) {
            for (String path : List.of("/v2.0/networks", "/v2.0", "/muon/v1/nodes", "/no/such/path")) {
                HttpResponse<String> r = send("GET", path, token, null);
                assertEquals(401, r.statusCode(), path + " with token " + token + ": " + r.body());
                assertEquals("Keystone uri=\"" + keystone.v3 + "\"", r.headers().firstValue("WWW-Authenticate").orElse(""));
                JsonNode error = JSON.readTree(r.body()).get("error");
                assertEquals(401, error.get("code").asInt());
                assertEquals("The request you have made requires authentication.", error.get("message").asText());
            }
        }
        HttpResponse<String> post = send("POST", "/v2.0/networks", null, "{\"network\": {\"name\": \"anon\"}}",
                "X-Roles", "admin", "X-Project-Id", "admin");
        assertEquals(401, post.statusCode(), "identity headers are no credentials: " + post.body());
    }

    @Test
    @Order(2)
    void rolesFromTheTokenMapToThePolicyAndHeadersCannotRaiseThem() throws Exception {
        String admin = keystone.adminToken();
        String alice = keystone.token("alice", PASSWORD, "demo");
        JsonNode adminNet = created(send("POST", "/v2.0/networks", admin, "{\"network\": {\"name\": \"admin-net\", "
                + "\"provider:network_type\": \"vxlan\"}}"), "network");
        assertEquals("vxlan", adminNet.get("provider:network_type").asText(), "admin may set provider attributes");

        JsonNode mine = created(send("POST", "/v2.0/networks", alice, "{\"network\": {\"name\": \"alice-net\"}}"),
                "network");
        assertEquals(demo, mine.get("project_id").asText(), "the project comes from the token");
        assertEquals(List.of("alice-net"), names(send("GET", "/v2.0/networks", alice, null), "networks"));
        assertEquals(403, send("POST", "/v2.0/networks", alice, "{\"network\": {\"name\": \"x\", "
                + "\"provider:network_type\": \"vxlan\"}}").statusCode(), "provider attributes are admin-only");

        // The same member claiming to be an admin of another project, in keystonemiddleware's headers.
        String[] forged = {"X-Roles", "admin", "X-Project-Id", other, "X-Tenant-Id", other, "X-User-Id", "admin"};
        assertEquals(List.of("alice-net"), names(send("GET", "/v2.0/networks", alice, null, forged), "networks"));
        JsonNode forgedNet = created(send("POST", "/v2.0/networks", alice, "{\"network\": {\"name\": \"forged\"}}",
                forged), "network");
        assertEquals(demo, forgedNet.get("project_id").asText());
        assertEquals(403, send("POST", "/v2.0/networks", alice, "{\"network\": {\"name\": \"y\", "
                + "\"provider:network_type\": \"vxlan\"}}", forged).statusCode());
        assertEquals(404, send("GET", "/v2.0/networks/" + adminNet.get("id").asText(), alice, null, forged)
                .statusCode(), "another project's network stays invisible");

        List<String> all = names(send("GET", "/v2.0/networks", admin, null), "networks");
        assertTrue(all.containsAll(List.of("admin-net", "alice-net", "forged")), all.toString());
        assertEquals(List.of(), names(send("GET", "/v2.0/networks", keystone.token("bob", PASSWORD, "other"), null),
                "networks"), "bob's project has nothing");
    }

    @Test
    @Order(3)
    void operatorEndpointsAreForAdmins() throws Exception {
        String alice = keystone.token("alice", PASSWORD, "demo");
        HttpResponse<String> member = send("GET", "/muon/v1/nodes", alice, null, "X-Roles", "admin");
        assertEquals(403, member.statusCode(), member.body());
        assertEquals("PolicyNotAuthorized", JSON.readTree(member.body()).get("NeutronError").get("type").asText());
        assertEquals(403, send("GET", "/muon/v1/nodes/n1/flows", alice, null).statusCode());
        assertEquals(200, send("GET", "/muon/v1/nodes", keystone.adminToken(), null).statusCode());

        // muon flows sends its --token; the admin's passes the policy and learns the node is unknown.
        assertTrue(ApiTransportIT.muon("flows", "n1", "--url", muon(), "--token", alice)
                .contains("PolicyNotAuthorized"));
        assertTrue(ApiTransportIT.muon("flows", "n1", "--url", muon()).contains("requires authentication"));
        String admin = ApiTransportIT.muon("flows", "n1", "--url", muon(), "--token", keystone.adminToken());
        assertTrue(admin.contains("unknown node n1"), admin);
    }

    @Test
    @Order(4)
    void aRevokedTokenStopsWorkingWithinTheCacheTime() throws Exception {
        String bob = keystone.token("bob", PASSWORD, "other");
        assertEquals(200, send("GET", "/v2.0/networks", bob, null).statusCode());
        keystone.revoke(bob);
        Thread.sleep((CACHE_SECONDS + 1) * 1000L);
        assertEquals(401, send("GET", "/v2.0/networks", bob, null).statusCode());
    }

    @Test
    @Order(5)
    void anExpiredTokenIsRefused() throws Exception {
        URI shortLived = keystone.shortLivedTokenServer(6);
        String bob = keystone.token(shortLived, "bob", PASSWORD, "other");
        Instant issued = Instant.now();
        assertEquals(200, send("GET", "/v2.0/networks", bob, null).statusCode(), "valid until it expires");
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), issued.plusSeconds(8)).toMillis()));
        assertEquals(401, send("GET", "/v2.0/networks", bob, null).statusCode());
    }

    @Test
    @Order(6)
    void theOpenstackCliWithPasswordAuthenticationFindsMuonInTheCatalog() throws Exception {
        JsonNode net = JSON.readTree(openstack("network", "create", "cli-net", "-f", "json"));
        assertEquals(demo, net.get("project_id").asText());
        JsonNode list = JSON.readTree(openstack("network", "list", "-f", "json"));
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.get("Name").asText()));
        assertTrue(names.contains("cli-net") && names.contains("alice-net") && !names.contains("admin-net"),
                names.toString());
    }

    @Test
    @Order(7)
    void keystoneUnreachableAnswers503() throws Exception {
        String fresh = keystone.token("alice", PASSWORD, "demo");   // never validated, so not cached
        keystone.stopServers();
        HttpResponse<String> r = send("GET", "/v2.0/networks", fresh, null);
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("HTTPServiceUnavailable", JSON.readTree(r.body()).get("NeutronError").get("type").asText());
    }

    private String muon() {
        return "http://127.0.0.1:" + cloud.restPort;
    }

    private HttpResponse<String> send(String method, String path, String token, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(muon() + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null && !token.isEmpty()) {
            b.header("X-Auth-Token", token);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode created(HttpResponse<String> r, String resource) throws Exception {
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get(resource);
    }

    private static List<String> names(HttpResponse<String> r, String collection) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        List<String> names = new ArrayList<>();
        JSON.readTree(r.body()).get(collection).forEach(n -> names.add(n.get("name").asText()));
        return names;
    }

    /** The real CLI as alice, password authentication, Muon found through the catalog. */
    private String openstack(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "/usr/bin/openstack",
                "--os-auth-url", keystone.v3.toString(), "--os-username", "alice", "--os-password", PASSWORD,
                "--os-project-name", "demo", "--os-user-domain-name", "Default",
                "--os-project-domain-name", "Default", "--os-region-name", Keystone.REGION));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("OS_"));
        Path err = Files.createTempFile(dir, "cli", ".err");
        pb.redirectError(err.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "openstack hung");
        assertEquals(0, p.exitValue(), String.join(" ", args) + " failed: " + Files.readString(err));
        assertFalse(out.isBlank());
        return out;
    }
}
