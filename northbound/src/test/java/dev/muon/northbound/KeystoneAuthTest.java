package dev.muon.northbound;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keystone mode against a scripted Keystone (the real one is in KeystoneAuthIT): the service
 * token renewed when Keystone refuses it, validations cached, 503 when Keystone fails, 401 for a
 * token without a project.
 */
class KeystoneAuthTest {
    private final HttpServer keystone;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger serviceTokens = new AtomicInteger();
    private volatile int validationStatus = 200;
    private volatile boolean refuseServiceTokenOnce;
    private volatile String project = "{\"id\": \"p-demo\", \"name\": \"demo\"}";
    private ApiUnderTest api;
    private final CountDownLatch slowValidations = new CountDownLatch(KeystoneAuth.MAX_VALIDATIONS);
    private final CountDownLatch release = new CountDownLatch(1);

    KeystoneAuthTest() throws IOException {
        keystone = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        keystone.createContext("/v3/auth/tokens", this::tokens);
        keystone.setExecutor(Executors.newCachedThreadPool());
        keystone.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (api != null) {
            api.close();
        }
        keystone.stop(0);
    }

    private void tokens(HttpExchange x) throws IOException {
        String expires = Instant.now().plusSeconds(3600).toString();
        if (x.getRequestMethod().equals("POST")) {
            calls.add("issue");
            String token = "service-" + serviceTokens.incrementAndGet();
            x.getResponseHeaders().add("X-Subject-Token", token);
            reply(x, 201, "{\"token\": {\"expires_at\": \"" + expires + "\", \"user\": {\"id\": \"muon\"}, "
                    + "\"project\": {\"id\": \"service\"}, \"roles\": [{\"name\": \"admin\"}]}}");
            return;
        }
        String service = x.getRequestHeaders().getFirst("X-Auth-Token");
        if (x.getRequestHeaders().getFirst("X-Subject-Token").startsWith("slow-")) {
            slowValidations.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        calls.add("validate " + x.getRequestHeaders().getFirst("X-Subject-Token") + " with " + service);
        if (refuseServiceTokenOnce && service.equals("service-1")) {
            reply(x, 401, "{}");
            return;
        }
        if (validationStatus != 200) {
            reply(x, validationStatus, "{}");
            return;
        }
        reply(x, 200, "{\"token\": {\"expires_at\": \"" + expires + "\", \"user\": {\"id\": \"alice\"}, "
                + "\"project\": " + project + ", \"roles\": [{\"name\": \"member\"}, {\"name\": \"reader\"}]}}");
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    private void startApi() {
        URI v3 = URI.create("http://127.0.0.1:" + keystone.getAddress().getPort() + "/v3");
        api = new ApiUnderTest(Authenticator.keystone(new KeystoneSettings(v3, "muon", "pw", "service", "Default",
                "Default", Duration.ofSeconds(300), 100)), null, HttpLimits.defaults());
    }

    @Test
    void aRefusedServiceTokenIsRenewedAndValidationsAreCached() throws Exception {
        refuseServiceTokenOnce = true;
        startApi();
        HttpResponse<String> member = api.get("/muon/v1/nodes", "X-Auth-Token", "alice-token", "X-Roles", "admin");
        assertEquals(403, member.statusCode(), "a member, whatever its headers say: " + member.body());
        assertEquals(List.of("issue", "validate alice-token with service-1", "issue",
                "validate alice-token with service-2"), calls);
        assertEquals(403, api.get("/muon/v1/nodes", "X-Auth-Token", "alice-token").statusCode());
        assertEquals(4, calls.size(), "the second request is answered from the cache");
    }

    @Test
    void keystoneFailingAnswers503AndAnUnknownToken401() throws Exception {
        startApi();
        validationStatus = 500;
        HttpResponse<String> r = api.get("/v2.0/networks", "X-Auth-Token", "t1");
        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("HTTPServiceUnavailable"), r.body());
        validationStatus = 404;
        HttpResponse<String> unknown = api.get("/v2.0/networks", "X-Auth-Token", "t1");
        assertEquals(401, unknown.statusCode());
        assertEquals("Keystone uri=\"" + "http://127.0.0.1:" + keystone.getAddress().getPort() + "/v3\"",
                unknown.headers().firstValue("WWW-Authenticate").orElse(""));
        keystone.stop(0);
        assertEquals(503, api.get("/v2.0/networks", "X-Auth-Token", "t2").statusCode(), "Keystone unreachable");
        assertEquals(List.of(), api.serviceCalls);
    }

    @Test
    void aTokenWithoutAProjectIsRefused() throws Exception {
        project = "null";
        startApi();
        assertEquals(401, api.get("/v2.0/networks", "X-Auth-Token", "domain-scoped").statusCode());
        assertEquals(200, api.get("/").statusCode(), "the version document needs no token");
    }

    @Test
    void aRepeatedInvalidTokenCostsOneValidation() throws Exception {
        validationStatus = 404;
        startApi();
        for (int i = 0; i < 20; i++) {
            assertEquals(401, api.get("/v2.0/networks", "X-Auth-Token", "bad-token").statusCode());
        }
        assertEquals(1, calls.stream().filter(c -> c.startsWith("validate bad-token")).count(), calls.toString());
        assertEquals(List.of(), api.serviceCalls);
    }

    @Test
    void validationsBeyondTheCapAnswer503AtOnce() throws Exception {
        startApi();
        List<CompletableFuture<HttpResponse<String>>> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < KeystoneAuth.MAX_VALIDATIONS; i++) {
            waiting.add(api.http.sendAsync(HttpRequest.newBuilder(api.uri("/muon/v1/nodes"))
                    .header("X-Auth-Token", "slow-" + i).build(), HttpResponse.BodyHandlers.ofString()));
        }
        assertTrue(slowValidations.await(60, TimeUnit.SECONDS), "every slow validation reached Keystone");
        HttpResponse<String> over = api.get("/v2.0/networks", "X-Auth-Token", "one-more");
        assertEquals(503, over.statusCode(), over.body());
        release.countDown();
        for (CompletableFuture<HttpResponse<String>> w : waiting) {
            assertEquals(403, w.get(60, TimeUnit.SECONDS).statusCode(), "validated: a member, not an operator");
        }
        assertTrue(calls.stream().noneMatch(c -> c.startsWith("validate one-more")), calls.toString());
    }
}
