package dev.muon.controller.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus}) with its own configuration and data
 * directory, listening on a free loopback port, scraping one target every second; stopped by its
 * PID. {@link #query} asks its HTTP API for an instant value.
 */
final class PrometheusServer implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/prometheus");

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Scrapes {@code http://target/metrics} every second, from a directory of its own under {@code work}. */
    static PrometheusServer scraping(String target, Path work) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("Prometheus is not installed (apt-get install -y prometheus)");
        }
        Path dir = Files.createDirectories(work.resolve("prometheus"));
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "  evaluation_interval: 1s",
                "scrape_configs:",
                "  - job_name: muon",
                "    metrics_path: /metrics",
                "    static_configs:",
                "      - targets: ['" + target + "']",
                ""));
        int port = Cloud.freePort();
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(p, port, log);
        try {
            Eventually.await("Prometheus ready on :" + port, Duration.ofSeconds(60), server::ready, r -> r);
        } catch (AssertionError | Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    private boolean ready() throws InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException("Prometheus exited:\n" + logTail());
        }
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The instant value of a PromQL expression with one series, empty while it has none. */
    Optional<Double> query(String promql) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = json.readTree(http.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        JsonNode result = body.path("data").path("result");
        if (!"success".equals(body.path("status").asText()) || result.size() != 1) {
            return Optional.empty();
        }
        return Optional.of(Double.parseDouble(result.get(0).get("value").get(1).asText()));
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();   // SIGTERM to its PID: it flushes and exits
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
