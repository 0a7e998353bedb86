package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The controller's health as a load balancer reads it. Live: the process answers and its database
 * is reachable. Ready: the database is reachable and every node this controller programs is in sync
 * (its desired flows are on all its switches).
 *
 * @param nodes           the nodes this controller programs (connected by OVSDB)
 * @param nodesOutOfSync  those whose switches do not hold their desired state (yet)
 */
public record HealthReport(boolean databaseReachable, int nodes, List<String> nodesOutOfSync) {
    /** No controller behind the API: nothing to be unhealthy about. */
    public static final HealthReport UNMONITORED = new HealthReport(true, 0, List.of());

    public HealthReport {
        nodesOutOfSync = List.copyOf(nodesOutOfSync);
    }

    public boolean live() {
        return databaseReachable;
    }

    public boolean ready() {
        return databaseReachable && nodesOutOfSync.isEmpty();
    }

    ObjectNode json() {
        ObjectNode body = Json.object();
        body.put("status", live() && ready() ? "ok" : "unavailable");
        body.put("live", live());
        body.put("ready", ready());
        ObjectNode checks = body.putObject("checks");
        checks.put("process", "up");
        checks.put("database", databaseReachable ? "reachable" : "unreachable");
        ObjectNode sync = checks.putObject("nodes");
        sync.put("programmed", nodes);
        sync.put("in_sync", nodes - nodesOutOfSync.size());
        nodesOutOfSync.forEach(sync.putArray("out_of_sync")::add);
        return body;
    }
}
