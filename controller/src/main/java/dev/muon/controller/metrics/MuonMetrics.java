package dev.muon.controller.metrics;

import dev.muon.controller.reconcile.ReconcileObserver;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every metric Muon exposes, in one registry of its own (Prometheus conventions: {@code muon_}
 * prefix, base units, counters ending in {@code _total}), plus the JVM's. The parts of the
 * controller that count get this object (or one of its hooks) and call it; {@code /metrics} shows
 * the registry.
 */
public final class MuonMetrics implements ReconcileObserver {
    /** From a fraction of a millisecond (a read) to seconds (a bulk create, a slow database). */
    private static final double[] LATENCY_BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    /** A port comes up in tens of milliseconds on a quiet controller, in seconds behind a big change. */
    private static final double[] PLUG_BOUNDS = {0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter apiRequests = Counter.builder().name("muon_api_requests_total")
            .help("Neutron API requests answered, by collection, HTTP method and status")
            .labelNames("resource", "method", "status").register(registry);
    private final Histogram apiDuration = Histogram.builder().name("muon_api_request_duration_seconds")
            .help("Time to answer a Neutron API request").labelNames("resource", "method")
            .classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);
    private final Histogram storeCommit = Histogram.builder().name("muon_store_commit_duration_seconds")
            .help("Time to make a batch of model writes durable in the database")
            .classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);
    private final Counter reconcilePasses = Counter.builder().name("muon_reconcile_passes_total")
            .help("Reconciliation passes, by result (ok, failed)").labelNames("result").register(registry);
    private final Histogram reconcileDuration = Histogram.builder().name("muon_reconcile_duration_seconds")
            .help("Time a reconciliation pass took").classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);
    private final Counter flowsChanged = Counter.builder().name("muon_node_flows_changed_total")
            .help("Flows added, replaced or removed on a node's switches").labelNames("node").register(registry);
    private final Counter bundleFailures = Counter.builder().name("muon_node_bundle_failures_total")
            .help("Bundles a node's switch refused or did not confirm").labelNames("node").register(registry);
    private final Histogram plugToActive = Histogram.builder().name("muon_port_plug_to_active_seconds")
            .help("From OVSDB reporting a VM's interface to its port reading ACTIVE")
            .classicOnly().classicUpperBounds(PLUG_BOUNDS).register(registry);
    private final Counter dhcpRequests = Counter.builder().name("muon_dhcp_requests_total")
            .help("DHCP requests that reached the controller").register(registry);
    private final Counter dhcpReplies = Counter.builder().name("muon_dhcp_replies_total")
            .help("DHCP replies the controller sent").register(registry);
    private final Counter packetIns = Counter.builder().name("muon_packet_ins_total")
            .help("Packet-ins, by what they were for (dhcp, upstream_arp, icmp_error, unclaimed)")
            .labelNames("reason").register(registry);
    private final Gauge leasesHeld = Gauge.builder().name("muon_node_leases_held")
            .help("Nodes this controller holds the lease of (programs)").register(registry);
    private volatile Supplier<Collection<NodeFigures>> nodes = List::of;

    public MuonMetrics() {
        GaugeWithCallback.builder().name("muon_node_connected")
                .help("1 while a node's OVSDB and every switch Muon programs on it are connected, else 0")
                .labelNames("node")
                .callback(cb -> nodes.get().forEach(n -> cb.call(n.connected() ? 1 : 0, n.node())))
                .register(registry);
        GaugeWithCallback.builder().name("muon_node_flows_held")
                .help("Flows a node's switches hold, as of Muon's last read or committed bundle")
                .labelNames("node")
                .callback(cb -> nodes.get().forEach(n -> cb.call(n.flowsHeld(), n.node())))
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Where the per-node gauges read their nodes at each scrape. */
    public void nodes(Supplier<Collection<NodeFigures>> figures) {
        this.nodes = figures;
    }

    public void apiRequest(String resource, String method, int status, double seconds) {
        apiRequests.labelValues(resource, method, Integer.toString(status)).inc();
        apiDuration.labelValues(resource, method).observe(seconds);
    }

    public void storeCommitted(long nanos) {
        storeCommit.observe(seconds(nanos));
    }

    public void portActive(double seconds) {
        plugToActive.observe(seconds);
    }

    public void dhcpRequest() {
        dhcpRequests.inc();
    }

    public void dhcpReply() {
        dhcpReplies.inc();
    }

    public void packetIn(String reason) {
        packetIns.labelValues(reason).inc();
    }

    public void leasesHeld(int leases) {
        leasesHeld.set(leases);
    }

    @Override
    public void passEnded(long nanos) {
        reconcilePasses.labelValues("ok").inc();
        reconcileDuration.observe(seconds(nanos));
    }

    @Override
    public void passFailed(long nanos) {
        reconcilePasses.labelValues("failed").inc();
        reconcileDuration.observe(seconds(nanos));
    }

    @Override
    public void flowsChanged(String node, int flows) {
        flowsChanged.labelValues(node).inc(flows);
    }

    @Override
    public void bundleFailed(String node) {
        bundleFailures.labelValues(node).inc();
    }

    private static double seconds(long nanos) {
        return nanos / (double) TimeUnit.SECONDS.toNanos(1);
    }
}
