package dev.muon.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.pipeline.model.SecurityGroupRule;
import dev.muon.pipeline.model.Subnet;
import dev.muon.pipeline.model.SubnetPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP layer alone, over a service that answers with fixed values: routing, status codes, error bodies. */
class NorthboundServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<NetworkRequest> lastNetworkRequest = new AtomicReference<>();
    private final AtomicReference<RequestContext> lastCaller = new AtomicReference<>();
    private final List<String> tagCalls = new java.util.concurrent.CopyOnWriteArrayList<>();
    private NorthboundServer server;

    @BeforeEach
    void start() {
        server = new NorthboundServer(new FixedService(), new InetSocketAddress("127.0.0.1", 0));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void versionDiscoveryNamesTheAddressTheClientUsed() throws Exception {
        HttpResponse<String> r = send("GET", "/", null);
        assertEquals(200, r.statusCode());
        JsonNode v = Json.MAPPER.readTree(r.body()).get("versions").get(0);
        assertEquals("v2.0", v.get("id").asText());
        assertEquals("CURRENT", v.get("status").asText());
        assertEquals("http://127.0.0.1:" + server.port() + "/v2.0/", v.get("links").get(0).get("href").asText());
        assertEquals(200, send("GET", "/v2.0/", null).statusCode());
    }

    @Test
    void createReturns201AndPassesTheCallerFromKeystoneHeaders() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v2.0/networks"))
                .header("X-Project-Id", "tenant-x").header("X-User-Id", "alice").header("X-Roles", "member,reader")
                .POST(HttpRequest.BodyPublishers.ofString("{\"network\": {\"name\": \"n\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertNull(lastNetworkRequest.get().projectId(), "no project in the body: the service decides from the caller");
        assertEquals(new RequestContext("tenant-x", "alice", java.util.Set.of("member", "reader"), null),
                lastCaller.get());
        assertFalse(lastCaller.get().isAdmin());
        JsonNode shown = Json.MAPPER.readTree(r.body()).get("network");
        assertEquals("net1", shown.get("name").asText());
        assertFalse(shown.has("provider:network_type"), "provider attributes are for admins only");
    }

    @Test
    void withoutIdentityHeadersTheNoAuthAdminActs() throws Exception {
        assertEquals(201, send("POST", "/v2.0/networks", "{\"network\": {}}").statusCode());
        assertEquals(Fixtures.ADMIN, lastCaller.get());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v2.0/networks/" + Fixtures.NET_ID))
                .header("X-Roles", "Admin").header("X-Project-Id", "p9").header("If-Match", "revision_number=3")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"network\": {\"name\": \"n\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(lastCaller.get().isAdmin());
        assertEquals(3L, lastCaller.get().ifMatchRevision());
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(uri("/v2.0/networks/" + Fixtures.NET_ID))
                .header("If-Match", "revision_number=x")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"network\": {}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(bad, 400, "BadRequest");
    }

    @Test
    void tagRoutesAnswerNeutronsStatusCodes() throws Exception {
        String tags = "/v2.0/networks/" + Fixtures.NET_ID + "/tags";
        assertEquals("[\"red\"]", Json.MAPPER.readTree(send("GET", tags, null).body()).get("tags").toString());
        assertEquals(204, send("GET", tags + "/red", null).statusCode());
        assertError(send("GET", tags + "/blue", null), 404, "TagNotFound");
        assertEquals(201, send("PUT", tags + "/blue", null).statusCode());
        assertEquals(200, send("PUT", tags, "{\"tags\": [\"a\", \"b\"]}").statusCode());
        assertEquals(201, send("POST", tags, "{\"tags\": [\"c\"]}").statusCode());
        assertEquals(204, send("DELETE", tags + "/a", null).statusCode());
        assertEquals(204, send("DELETE", tags, null).statusCode());
        assertEquals(201, send("PUT", "/v2.0/security-groups/" + Fixtures.NET_ID + "/tags/x", null).statusCode());
        assertEquals(List.of("add networks [blue]", "replace networks [a, b]", "add networks [c]", "remove a",
                "clear", "add security-groups [x]"), tagCalls);
        assertError(send("PUT", tags, "{\"tags\": \"a\"}"), 400, "InvalidInput");
        assertError(send("PUT", tags, "{\"tags\": [\"a\", \"a\"]}"), 400, "HTTPBadRequest");
    }

    @Test
    void projectsAndAutoAllocationAndActionBodies() throws Exception {
        JsonNode project = Json.MAPPER.readTree(send("GET", "/projects/demo", null).body()).get("project");
        assertEquals("demo", project.get("id").asText());
        assertEquals("demo", Json.MAPPER.readTree(send("GET", "/projects?name=demo", null).body())
                .get("projects").get(0).get("name").asText());
        String topology = "/v2.0/auto-allocated-topology/demo";
        assertEquals("dry-run=pass", Json.MAPPER.readTree(send("GET", topology + "?fields=dry-run", null).body())
                .get("auto_allocated_topology").get("id").asText());
        assertEquals(Fixtures.NET_ID, Json.MAPPER.readTree(send("GET", topology, null).body())
                .get("auto_allocated_topology").get("id").asText());
        assertError(send("GET", topology + "?fields=id", null), 400, "BadRequest");
        assertEquals(204, send("DELETE", topology, null).statusCode());
        JsonNode e = assertError(send("PUT", "/v2.0/routers/" + Fixtures.NET_ID + "/add_router_interface",
                "{\"subnet_id\": \"nope\"}"), 400, "BadRequest");
        assertEquals("Bad router request: 'nope' is not a valid UUID.", e.get("message").asText());
    }

    @Test
    void serviceRefusalsBecomeNeutronErrors() throws Exception {
        HttpResponse<String> r = send("GET", "/v2.0/networks/missing", null);
        assertEquals(404, r.statusCode());
        JsonNode e = Json.MAPPER.readTree(r.body()).get("NeutronError");
        assertEquals("NetworkNotFound", e.get("type").asText());
        assertEquals("Network missing could not be found.", e.get("message").asText());
        assertEquals("", e.get("detail").asText());
        assertEquals(409, send("DELETE", "/v2.0/networks/busy", null).statusCode());
        assertEquals(204, send("DELETE", "/v2.0/networks/" + Fixtures.NET_ID, null).statusCode());
    }

    @Test
    void badBodiesAre400() throws Exception {
        assertError(send("POST", "/v2.0/networks", "{not json"), 400, "MalformedRequestBody");
        assertError(send("POST", "/v2.0/networks", "{\"network\": {\"admin_state_up\": []}}"), 400, "HTTPBadRequest");
        assertError(send("POST", "/v2.0/networks", "{\"network\": {\"bogus\": 1}}"), 400, "HTTPBadRequest");
        assertError(send("PUT", "/v2.0/networks/" + Fixtures.NET_ID, "{\"network\": {\"id\": \"x\"}}"), 400,
                "HTTPBadRequest");
    }

    @Test
    void unknownPathsAndCrashesStillAnswerInNeutronsForm() throws Exception {
        assertError(send("GET", "/v2.0/bogus", null), 404, "HTTPNotFound");
        assertError(send("GET", "/v2.0/ports", null), 500, "HTTPInternalServerError");
    }

    @Test
    void listsFilterAndSelectFields() throws Exception {
        JsonNode all = Json.MAPPER.readTree(send("GET", "/v2.0/networks", null).body()).get("networks");
        assertEquals(1, all.size());
        JsonNode none = Json.MAPPER.readTree(send("GET", "/v2.0/networks?name=other", null).body()).get("networks");
        assertEquals(0, none.size());
        JsonNode selected = Json.MAPPER.readTree(
                send("GET", "/v2.0/networks?name=net1&fields=id&fields=name", null).body()).get("networks").get(0);
        assertEquals(2, selected.size());
        assertError(send("GET", "/v2.0/networks?colour=red", null), 400, "HTTPBadRequest");
    }

    @Test
    void extensionsListWhatIsImplemented() throws Exception {
        JsonNode list = Json.MAPPER.readTree(send("GET", "/v2.0/extensions", null).body()).get("extensions");
        assertTrue(list.size() >= 5);
        assertEquals(200, send("GET", "/v2.0/extensions/binding", null).statusCode());
        assertEquals(200, send("GET", "/v2.0/extensions/tag-ports-during-bulk-creation", null).statusCode());
        assertEquals(200, send("GET", "/v2.0/extensions/auto-allocated-topology", null).statusCode());
        assertEquals(200, send("GET", "/v2.0/extensions/fip-port-details", null).statusCode());
        assertEquals(404, send("GET", "/v2.0/extensions/qos", null).statusCode());
    }

    private JsonNode assertError(HttpResponse<String> r, int status, String type) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode error = Json.MAPPER.readTree(r.body()).get("NeutronError");
        assertEquals(type, error.get("type").asText(), r.body());
        return error;
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return http.send(HttpRequest.newBuilder(uri(path)).method(method, publisher).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** A collection answering fixed values: {@code all} for lists, {@code one} otherwise. */
    private static class Fixed<V, R> implements ResourceService<V, R> {
        private final V one;

        Fixed(V one) {
            this.one = one;
        }

        @Override
        public List<V> list(RequestContext ctx) {
            return List.of(one);
        }

        @Override
        public V create(RequestContext ctx, R request) {
            return one;
        }

        @Override
        public List<V> createAll(RequestContext ctx, List<R> requests) {
            return requests.stream().map(r -> one).toList();
        }

        @Override
        public V get(RequestContext ctx, String id) {
            return one;
        }

        @Override
        public V update(RequestContext ctx, String id, R changes) {
            return one;
        }

        @Override
        public void delete(RequestContext ctx, String id) {
        }
    }

    /** One network; "busy" is in use; listing ports crashes; callers and requests are recorded. */
    private final class FixedService implements NetworkService {
        private final NetworkView net = new NetworkView(Fixtures.network(), List.of());

        @Override
        public RequestContext noAuthContext() {
            return Fixtures.ADMIN;
        }

        @Override
        public ResourceService<NetworkView, NetworkRequest> networks() {
            return new Fixed<>(net) {
                @Override
                public NetworkView create(RequestContext ctx, NetworkRequest request) {
                    lastNetworkRequest.set(request);
                    lastCaller.set(ctx);
                    return net;
                }

                @Override
                public NetworkView get(RequestContext ctx, String id) {
                    if (!id.equals(Fixtures.NET_ID)) {
                        throw NeutronException.notFound("NetworkNotFound", "Network " + id + " could not be found.");
                    }
                    return net;
                }

                @Override
                public NetworkView update(RequestContext ctx, String id, NetworkRequest changes) {
                    lastCaller.set(ctx);
                    return net;
                }

                @Override
                public void delete(RequestContext ctx, String id) {
                    if (id.equals("busy")) {
                        throw NeutronException.conflict("NetworkInUse", "in use");
                    }
                }
            };
        }

        @Override
        public ResourceService<SubnetView, SubnetRequest> subnets() {
            return new Fixed<>(new SubnetView(Fixtures.subnet(), false));
        }

        @Override
        public ResourceService<SubnetPool, SubnetPoolRequest> subnetPools() {
            return new Fixed<>(null);
        }

        @Override
        public ResourceService<PortView, PortRequest> ports() {
            return new Fixed<>(Fixtures.portView("")) {
                @Override
                public List<PortView> list(RequestContext ctx) {
                    throw new IllegalStateException("boom");
                }
            };
        }

        @Override
        public RouterService routers() {
            return null;
        }

        @Override
        public ResourceService<FloatingIpView, FloatingIpRequest> floatingIps() {
            return new Fixed<>(null);
        }

        @Override
        public ResourceService<SecurityGroupView, SecurityGroupRequest> securityGroups() {
            return new Fixed<>(null);
        }

        @Override
        public ResourceService<SecurityGroupRule, SecurityGroupRuleRequest> securityGroupRules() {
            return new Fixed<>(null);
        }

        @Override
        public TrunkService trunks() {
            return null;
        }

        @Override
        public AddressGroupService addressGroups() {
            return null;
        }

        @Override
        public TagService tags() {
            return new TagService() {
                @Override
                public List<String> tags(RequestContext ctx, String collection, String id) {
                    return List.of("red");
                }

                @Override
                public void checkTag(RequestContext ctx, String collection, String id, String tag) {
                    if (!tag.equals("red")) {
                        throw NeutronException.notFound("TagNotFound", "Tag " + tag + " could not be found.");
                    }
                }

                @Override
                public List<String> replaceTags(RequestContext ctx, String collection, String id, List<String> t) {
                    tagCalls.add("replace " + collection + " " + t);
                    return t;
                }

                @Override
                public void addTags(RequestContext ctx, String collection, String id, List<String> t) {
                    tagCalls.add("add " + collection + " " + t);
                }

                @Override
                public void removeTag(RequestContext ctx, String collection, String id, String tag) {
                    tagCalls.add("remove " + tag);
                }

                @Override
                public void removeAllTags(RequestContext ctx, String collection, String id) {
                    tagCalls.add("clear");
                }
            };
        }

        @Override
        public QuotaService quotas() {
            return null;
        }

        @Override
        public NetworkIpAvailabilityService networkIpAvailability() {
            return null;
        }

        @Override
        public AutoAllocationService autoAllocation() {
            return new AutoAllocationService() {
                @Override
                public AutoAllocatedTopologyView get(RequestContext ctx, String projectId, boolean dryRun) {
                    return new AutoAllocatedTopologyView(dryRun ? "dry-run=pass" : Fixtures.NET_ID, projectId);
                }

                @Override
                public void delete(RequestContext ctx, String projectId) {
                }
            };
        }

        @Override
        public SubnetPoolPrefixService subnetPoolPrefixes() {
            return null;
        }

        @Override
        public List<FloatingIpPool> floatingIpPools(RequestContext ctx) {
            return List.of();
        }
    }
}
