package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.controller.store.ModelStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded database on a disk that fills up: writes answer 503 (never 500) while it is full,
 * reads keep working, writes work again by themselves once space is freed, and everything that was
 * acknowledged, and nothing that was not, is there after a restart. The disk is a small tmpfs this
 * test mounts on a directory of its own.
 */
@Tag("integration")
class DiskFullIT {
    private static final String DESCRIPTION = "d".repeat(255);

    private Path root;
    private Path data;
    private boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        root = Files.createTempDirectory("muon-diskfull");
        data = Files.createDirectory(root.resolve("data"));
        run("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", data.toString());
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", data.toString());
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void writesAnswer503WhileTheDiskIsFullAndRecoverOnceSpaceIsFreed() throws Exception {
        Set<String> acknowledged = new HashSet<>();
        Path filler = data.resolve("filler");
        try (NeutronApi api = new NeutronApi(ModelStore.open(data))) {
            acknowledged.add(api.create("networks", "network", "{'name': 'before'}").get("id").asText());
            fill(filler);

            HttpResponse<String> refused = null;
            for (int i = 0; i < 20_000 && refused == null; i++) {
                HttpResponse<String> r = api.send("POST", "/v2.0/networks",
                        "{'network': {'name': 'n" + i + "', 'description': '" + DESCRIPTION + "'}}");
                if (r.statusCode() == 201) {
                    acknowledged.add(NeutronApi.JSON.readTree(r.body()).get("network").get("id").asText());
                } else {
                    refused = r;
                }
            }
            assertTrue(refused != null, "the disk never filled up");
            NeutronApi.error(refused, 503, "ServiceUnavailable");
            assertEquals("5", refused.headers().firstValue("Retry-After").orElse(null), "clients are told to retry");
            // Still full: still 503, and reads are served from memory meanwhile.
            NeutronApi.error(api.send("POST", "/v2.0/networks", "{'network': {'name': 'still full'}}"), 503,
                    "ServiceUnavailable");
            assertEquals(acknowledged, ids(api.get("/v2.0/networks").get("networks")));

            Files.delete(filler);
            acknowledged.add(api.create("networks", "network", "{'name': 'after'}").get("id").asText());
            acknowledged.add(api.create("networks", "network", "{'name': 'after again'}").get("id").asText());
            assertEquals(acknowledged, ids(api.get("/v2.0/networks").get("networks")));
        }
        try (ModelStore reopened = ModelStore.open(data)) {
            assertEquals(acknowledged, reopened.snapshot().networks().keySet(),
                    "after a restart: every acknowledged network, and no other");
        }
    }

    private static Set<String> ids(JsonNode list) {
        Set<String> ids = new HashSet<>();
        list.forEach(n -> ids.add(n.get("id").asText()));
        return ids;
    }

    /** Writes {@code filler} until the disk refuses. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[16 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            assertTrue(String.valueOf(full.getMessage()).contains("No space left"), full.toString());
        }
        assertFalse(Files.size(filler) == 0, "the filler took some space");
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " hung");
        assertEquals(0, p.exitValue(),
                String.join(" ", command) + ": " + new String(p.getInputStream().readAllBytes()));
    }
}
