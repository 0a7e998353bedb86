package dev.muon.controller.store;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real controller process on its default embedded database, killed and restarted. */
@Tag("integration")
class ControllerCrashIT {

    @Test
    void kill9RightAfterAcknowledgedWritesLosesNone(@TempDir Path dataDir) throws Exception {
        long seed = System.nanoTime();
        List<Integer> acknowledged = new CrashScenario(dataDir, Map.of(), seed).run(4);
        System.out.println("H2 crash scenario (seed " + seed + "): acknowledged writes per round before kill -9: "
                + acknowledged);
        assertEquals(4, acknowledged.size());
        acknowledged.forEach(n -> assertTrue(n > 0, "no write was acknowledged before a kill: " + acknowledged));
    }

    @Test
    void aSecondControllerOnTheSameDataDirectoryFailsFastAndHarmsNothing(@TempDir Path dataDir) throws Exception {
        try (ControllerProcess first = ControllerProcess.start(dataDir, Map.of())) {
            first.awaitReady();
            HttpClient http = HttpClient.newHttpClient();
            String networks = "http://127.0.0.1:" + first.restPort + "/v2.0/networks";
            assertEquals(201, http.send(HttpRequest.newBuilder(URI.create(networks))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"network\": {\"name\": \"before\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());

            long started = System.nanoTime();
            try (ControllerProcess second = ControllerProcess.start(dataDir, Map.of())) {
                assertTrue(second.process().waitFor(120, TimeUnit.SECONDS), "the second controller kept running");
                System.out.printf("second controller on the same data directory exited after %d ms%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                assertNotEquals(0, second.process().exitValue());
                assertTrue(second.output().contains("in use by another process"), second.output());
            }

            // The first one still serves and writes.
            assertEquals(201, http.send(HttpRequest.newBuilder(URI.create(networks))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"network\": {\"name\": \"after\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            String list = http.send(HttpRequest.newBuilder(URI.create(networks)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(list.contains("\"before\"") && list.contains("\"after\""), list);
        }
        // And after a clean stop the database opens again with both.
        try (ModelStore store = ModelStore.open(dataDir)) {
            assertEquals(2, store.snapshot().networks().size());
        }
    }
}
