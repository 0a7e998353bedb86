package dev.muon.controller.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes through the REST API of a controller process from several clients, {@code kill -9}s it
 * at a random moment, restarts it and checks that every write that was answered 2xx is there
 * (created ports with their address and MAC, deleted ports gone). Writes still in flight at
 * the kill may land or not; nothing else may differ.
 */
final class CrashScenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WRITERS = 4;

    private final Path dataDir;
    private final Map<String, String> env;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Acknowledged ports still alive: id → "ip mac". */
    private final Map<String, String> live = new ConcurrentHashMap<>();
    /** Acknowledged deletions. */
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    /** Deletions sent but not (yet) answered: these ports may be gone or not. */
    private final Set<String> deleting = ConcurrentHashMap.newKeySet();
    private final List<Integer> acknowledgedPerRound = new ArrayList<>();
    private String networkId;

    CrashScenario(Path dataDir, Map<String, String> env, long seed) {
        this.dataDir = dataDir;
        this.env = env;
        this.random = new Random(seed);
    }

    /** @return acknowledged writes in each round before its kill */
    List<Integer> run(int kills) throws Exception {
        for (int round = 0; round <= kills; round++) {
            try (ControllerProcess controller = ControllerProcess.start(dataDir, env)) {
                controller.awaitReady();
                String base = "http://127.0.0.1:" + controller.restPort + "/v2.0/";
                verify(base);
                if (round == 0) {
                    networkId = post(base + "networks", "{\"network\": {\"name\": \"crash\"}}").get("network")
                            .get("id").asText();
                    post(base + "subnets", "{\"subnet\": {\"network_id\": \"" + networkId
                            + "\", \"ip_version\": 4, \"cidr\": \"10.8.0.0/16\"}}");
                }
                if (round == kills) {
                    break;
                }
                acknowledgedPerRound.add(writeUntilKilled(controller, base));
            }
        }
        return acknowledgedPerRound;
    }

    private int writeUntilKilled(ControllerProcess controller, String base) throws Exception {
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread writerThread = new Thread(() -> {
                List<String> mine = new ArrayList<>();
                try {
                    for (int i = 0; ; i++) {
                        if (i % 3 == 2 && !mine.isEmpty()) {
                            String id = mine.remove(0);
                            deleting.add(id);
                            send(HttpRequest.newBuilder(URI.create(base + "ports/" + id)).DELETE(), 204);
                            live.remove(id);
                            deleted.add(id);
                            deleting.remove(id);
                        } else {
                            JsonNode port = post(base + "ports", "{\"port\": {\"network_id\": \"" + networkId
                                    + "\", \"name\": \"w" + writer + "-" + i + "\"}}").get("port");
                            String id = port.get("id").asText();
                            live.put(id, port.get("fixed_ips").get(0).get("ip_address").asText() + " "
                                    + port.get("mac_address").asText());
                            mine.add(id);
                        }
                        acknowledged.incrementAndGet();
                    }
                } catch (IOException | InterruptedException e) {
                    if (!killed.get()) {
                        failures.add(e);   // the controller failed before it was killed
                    }
                    // else the controller is gone: this writer's last request was in flight
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "crash-writer-" + w);
            writerThread.start();
            writers.add(writerThread);
        }
        // at least one write acknowledged before the kill, however slow the disk is today
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.get() == 0 && failures.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(random.nextInt(1500));
        killed.set(true);
        controller.kill9();
        for (Thread t : writers) {
            t.join(60_000);
            assertFalse(t.isAlive(), "a writer did not notice the kill");
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a write was refused before the kill", failures.get(0));
        }
        return acknowledged.get();
    }

    /** After a restart: what was acknowledged is there, and every address and MAC is unique. */
    private void verify(String base) throws Exception {
        JsonNode ports = send(HttpRequest.newBuilder(URI.create(base + "ports")).GET(), 200).get("ports");
        Map<String, String> found = new HashMap<>();
        Set<String> ips = new HashSet<>();
        Set<String> macs = new HashSet<>();
        for (JsonNode p : ports) {
            String ip = p.get("fixed_ips").get(0).get("ip_address").asText();
            String mac = p.get("mac_address").asText();
            found.put(p.get("id").asText(), ip + " " + mac);
            assertTrue(ips.add(ip), "address " + ip + " given twice");
            assertTrue(macs.add(mac), "MAC " + mac + " given twice");
        }
        for (Map.Entry<String, String> e : live.entrySet()) {
            if (!deleting.contains(e.getKey())) {
                assertEquals(e.getValue(), found.get(e.getKey()), "acknowledged port " + e.getKey() + " lost");
            }
        }
        for (String id : deleted) {
            assertFalse(found.containsKey(id), "acknowledged deletion of port " + id + " undone");
        }
        // From here on, what the controller has is the truth (in-flight writes included or not).
        live.clear();
        live.putAll(found);
        deleting.clear();
    }

    private JsonNode post(String url, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), 201);
    }

    private JsonNode send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, r.statusCode(), r.body());
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }
}
