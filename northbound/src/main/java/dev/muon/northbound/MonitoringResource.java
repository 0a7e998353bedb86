package dev.muon.northbound;

import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code GET /metrics} and {@code GET /muon/v1/health}, {@code /health/live}, {@code /health/ready}:
 * public, as Neutron's healthcheck is, so that Prometheus and a load balancer need no token. Each
 * answers 200 when its check passes and 503 when not, with the whole report as JSON.
 */
final class MonitoringResource {
    static final String METRICS = "/metrics";
    static final String HEALTH = "/muon/v1/health";

    private final Monitoring monitoring;

    MonitoringResource(Monitoring monitoring) {
        this.monitoring = monitoring;
    }

    /** The paths anyone may GET: they tell nothing about any project. */
    static boolean isPublic(String path) {
        return path.equals(METRICS) || path.equals(HEALTH) || path.startsWith(HEALTH + "/");
    }

    void register(Javalin app) {
        app.get(METRICS, this::scrape);
        app.get(HEALTH, ctx -> health(ctx, r -> r.live() && r.ready()));
        app.get(HEALTH + "/live", ctx -> health(ctx, HealthReport::live));
        app.get(HEALTH + "/ready", ctx -> health(ctx, HealthReport::ready));
    }

    private void scrape(Context ctx) throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            headers.put(name, Collections.list(ctx.req().getHeaders(name)));
        }
        Monitoring.Scrape scrape = monitoring.scrape(ctx.queryString(), headers);
        scrape.headers().forEach(ctx::header);
        ctx.status(scrape.status()).result(scrape.body());
    }

    private void health(Context ctx, Predicate<HealthReport> check) {
        HealthReport report = monitoring.health();
        ctx.header("Cache-Control", "no-store");
        CollectionResponses.json(ctx, check.test(report) ? 200 : 503, report.json());
    }
}
