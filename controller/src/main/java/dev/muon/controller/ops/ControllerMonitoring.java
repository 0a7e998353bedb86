package dev.muon.controller.ops;

import dev.muon.controller.metrics.MuonMetrics;
import dev.muon.controller.metrics.PortPlugClock;
import dev.muon.controller.reconcile.PassStatuses;
import dev.muon.controller.reconcile.ReconcileObserver;
import dev.muon.controller.store.ModelStore;
import dev.muon.northbound.Monitoring;
import dev.muon.pipeline.node.NodeState;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything an operator watches a controller by, in one place for the wiring: the metrics, the
 * health endpoints' state, the port plug clock and the convergence progress log. The controller
 * calls its hooks where things happen.
 */
public final class ControllerMonitoring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConvergenceProgress.class);
    /** How long a health check waits for the database before calling it unreachable. */
    static final long DATABASE_PROBE_MILLIS = 2_000;

    private final MuonMetrics metrics = new MuonMetrics();
    private final NodeSync nodes = new NodeSync();
    private final ConvergenceProgress progress = new ConvergenceProgress(LOG::info, System::nanoTime);
    private final PortPlugClock plugs;
    private final DatabaseProbe database;
    private final MonitoringEndpoints endpoints;

    public ControllerMonitoring(ModelStore store) {
        store.timeCommits(metrics::storeCommitted);
        plugs = new PortPlugClock(System::nanoTime, metrics::portActive, (port, host) -> store.snapshot().port(port)
                .map(p -> "ACTIVE".equals(p.status()) && host != null && host.equals(p.bindingHostId())).orElse(false));
        database = new DatabaseProbe(store::databaseReachable, DATABASE_PROBE_MILLIS);
        metrics.nodes(nodes::figures);
        endpoints = new MonitoringEndpoints(metrics, database, nodes);
    }

    public MuonMetrics metrics() {
        return metrics;
    }

    /** What {@code /metrics} and {@code /muon/v1/health} show. */
    public Monitoring endpoints() {
        return endpoints;
    }

    /** Hears the reconciler: metrics, node sync, progress, and the nodes this controller programs. */
    public ReconcileObserver reconcileObserver() {
        ReconcileObserver leases = new ReconcileObserver() {
            @Override
            public void passStarted(Set<String> programmed) {
                metrics.leasesHeld(programmed.size());   // until node leases: every node it programs
            }
        };
        return ReconcileObserver.all(metrics, nodes, progress, leases);
    }

    /** A node's OVSDB reported its state (starts timing newly plugged VIFs). */
    public void nodeReported(NodeState state) {
        plugs.reported(state);
    }

    public void nodeDisconnected(String connectionId) {
        plugs.disconnected(connectionId);
    }

    /** A pass's statuses are committed (ends the timing of ports now ACTIVE). */
    public void statusesCommitted(PassStatuses statuses) {
        plugs.committed(statuses.bindings());
    }

    public void start() {
        progress.start();
    }

    @Override
    public void close() {
        progress.close();
        database.close();
    }
}
