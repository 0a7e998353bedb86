package dev.muon.controller.ops;

import dev.muon.controller.metrics.MuonMetrics;
import dev.muon.controller.metrics.PrometheusScrape;
import dev.muon.northbound.HealthReport;
import dev.muon.northbound.Monitoring;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The controller behind {@code /metrics} and {@code /muon/v1/health}: the metrics registry, the
 * database probe and the nodes' sync state.
 */
public final class MonitoringEndpoints implements Monitoring {
    private final MuonMetrics metrics;
    private final PrometheusScrape scrape;
    private final DatabaseProbe database;
    private final NodeSync nodes;

    public MonitoringEndpoints(MuonMetrics metrics, DatabaseProbe database, NodeSync nodes) {
        this.metrics = metrics;
        this.scrape = new PrometheusScrape(metrics.registry());
        this.database = database;
        this.nodes = nodes;
    }

    @Override
    public Scrape scrape(String query, Map<String, List<String>> headers) throws IOException {
        return scrape.scrape(query, headers);
    }

    @Override
    public HealthReport health() {
        List<String> outOfSync = nodes.outOfSync();
        return new HealthReport(database.reachable(), nodes.programmed().size(), outOfSync);
    }

    @Override
    public void served(String resource, String method, int status, double seconds) {
        metrics.apiRequest(resource, method, status, seconds);
    }
}
