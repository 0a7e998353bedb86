package dev.muon.northbound;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What the unauthenticated monitoring endpoints show, as Neutron's healthcheck does for a load
 * balancer: {@code GET /metrics} (Prometheus) and {@code GET /muon/v1/health[/live|/ready]}. The
 * controller implements it; the API also reports every request it served.
 */
public interface Monitoring {

    /** No metrics, always healthy, nothing counted: an API without a controller behind it (tests). */
    Monitoring NONE = new Monitoring() {
        @Override
        public Scrape scrape(String query, Map<String, List<String>> headers) {
            return new Scrape(404, Map.of("Content-Type", "text/plain; charset=utf-8"),
                    "no metrics\n".getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public HealthReport health() {
            return HealthReport.UNMONITORED;
        }

        @Override
        public void served(String resource, String method, int status, double seconds) {
        }
    };

    /** A scrape of {@code GET /metrics}: the format its Accept header asks for (text by default). */
    Scrape scrape(String query, Map<String, List<String>> headers) throws IOException;

    HealthReport health();

    /**
     * A request was answered. {@code resource} is the collection its route names (networks, ports,
     * ...), never the path itself: ids would make a time series per object.
     */
    void served(String resource, String method, int status, double seconds);

    /** An answer to a scrape: status, headers (content type, encoding) and body. */
    record Scrape(int status, Map<String, String> headers, byte[] body) {
    }
}
