package dev.muon.controller.reconcile;

import dev.muon.controller.cluster.BridgeRoles;
import dev.muon.controller.cluster.NodeOwnership;
import dev.muon.controller.node.DvrMacAllocator;
import dev.muon.controller.node.LocalVlanAllocator;
import dev.muon.controller.node.NodeMemory;
import dev.muon.controller.node.NodeRegistry;
import dev.muon.controller.node.RouterNumberAllocator;
import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.ovsdb.OvsdbNode;
import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.CompileInput;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.compile.DhcpMeter;
import dev.muon.pipeline.compile.NodeTopology;
import dev.muon.pipeline.compile.IncrementalCompiler;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.FlowDiff;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.node.NodeState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import dev.muon.pipeline.node.WarningThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only thing that talks to switches. Any change (model, node, switch) requests a
 * pass; passes run one at a time on one thread and coalesce. A pass binds ports from
 * what nodes report, compiles each node's desired state, makes OVSDB match it, then
 * diffs each bridge's flows against the switch and applies the difference in one bundle.
 * What a switch holds is read from it when it connects, after a failed change and on every
 * periodic pass; in between, Muon knows it (bundles are atomic), so a change to the model
 * costs only the difference, not a dump of every bridge. The periodic pass repairs drift
 * (a flow deleted by hand comes back). A node whose OVSDB or switches keep a pass waiting
 * longer than {@link #PEER_PATIENCE_MS} finishes on its own (issue 13: a mute peer must not
 * stall every node); its statuses come with the pass it then asks for, and no new work starts
 * on it before.
 */
public final class Reconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private final WarningThrottle passFailures = new WarningThrottle(30, TimeUnit.SECONDS);
    private static final long TIMEOUT_S = 30;
    /** How long a pass waits for one node's OVSDB or switch to answer before going on without it. */
    static final long PEER_PATIENCE_MS = 2_000;
    /** Nodes reconciled side by side (the scale bench compiles with as many). */
    public static final int NODE_THREADS = 8;

    private final Supplier<NetworkModel> model;
    private final Consumer<PassStatuses> statuses;
    private final NorthSouth northSouth;
    private final NodeRegistry registry;
    private final LocalVlanAllocator vlans;
    private final DvrMacAllocator dvrMacs;
    private final RouterNumberAllocator routerNumbers;
    /** The DVR MAC of every present node, as the last pass allocated them. */
    private volatile Map<String, String> lastDvrMacs = Map.of();
    private final NodeMemory nodeMemory;
    private final String controllerTarget;
    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reconciler");
        t.setDaemon(true);
        return t;
    });
    /**
     * Nodes are reconciled side by side (issue 12): each one's compile, OVSDB transaction and
     * bundles wait on that node alone, so node 3 no longer waits for node 1's switch.
     */
    private final ExecutorService nodeWork = Executors.newFixedThreadPool(NODE_THREADS, r -> {
        Thread t = new Thread(r, "reconciler-node");
        t.setDaemon(true);
        return t;
    });
    /**
     * Switch programming waits on each node's switches (dumps, bundles): on threads of its own, at
     * most one per node (a node's work is never started twice), so nodes whose switches are slow or
     * mute cannot take the threads the other nodes compile on.
     */
    private final ExecutorService switchWork = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "reconciler-switch");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean pending = new AtomicBoolean();
    /** Each node's reconciliation still under way (one at a time per node), and since when it waits on its peer. */
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Long> peerWaitSince = new ConcurrentHashMap<>();
    /** Nodes a pass went on without: when they finish, another pass reports their statuses. */
    private final Set<String> straggling = ConcurrentHashMap.newKeySet();
    private final Map<String, DesiredState> lastDesired = new ConcurrentHashMap<>();
    /** Recompiles only the nodes a change can reach; the others keep their desired state (the same object). */
    private final IncrementalCompiler compiler = new IncrementalCompiler();
    /** Per node, what the last pass got onto it (what its statuses may promise). */
    private final Map<String, PushedState> pushed = new ConcurrentHashMap<>();
    /** Per switch connection: the flows it holds as of Muon's last read or committed bundle. */
    private final Map<OpenFlowSwitch, List<Flow>> held = new ConcurrentHashMap<>();
    private final AtomicBoolean readSwitches = new AtomicBoolean(true);
    /** DHCP packet-in meters (issue 12): the rate compiled into every node, and each bridge's meters kept in step. */
    private volatile DhcpMeter dhcpMeter = DhcpMeter.DEFAULT;
    private final BridgeMeters meters = new BridgeMeters();
    /** Hears of passes, nodes and bundles (metrics, health, progress). */
    private volatile ReconcileObserver observer = ReconcileObserver.NONE;
    /** Which nodes this instance programs, and its OpenFlow role on their bridges (all, alone on its database). */
    private volatile NodeOwnership ownership;
    private volatile BridgeRoles roles = new BridgeRoles(false);

    /** A node lost to another controller while its reconciliation was under way: nothing more goes to it. */
    private static final class NotOwnedException extends RuntimeException {
        NotOwnedException(String host) {
            super("node " + host + " is programmed by another controller now", null, false, false);
        }
    }

    /**
     * @param statuses    writes, in one transaction, the port bindings and the trunk, router and floating IP
     *                    statuses the nodes show (see {@link PortBindings}, {@link TrunkStatuses},
     *                    {@link RouterStatuses}, {@link FloatingIpStatuses}); called after every pass, also
     *                    with nothing found (a router's interfaces follow its status as the model has it)
     * @param northSouth  SNAT placement, upstream MACs and external ARP
     * @param nodeMemory  keeps nodes that are briefly away in every other node's pipeline
     */
    public Reconciler(Supplier<NetworkModel> model, Consumer<PassStatuses> statuses, NorthSouth northSouth,
                      NodeRegistry registry,
                      LocalVlanAllocator vlans, DvrMacAllocator dvrMacs, RouterNumberAllocator routerNumbers,
                      NodeMemory nodeMemory, String controllerTarget) {
        this.model = model;
        this.statuses = statuses;
        this.northSouth = northSouth;
        this.registry = registry;
        this.vlans = vlans;
        this.dvrMacs = dvrMacs;
        this.routerNumbers = routerNumbers;
        this.nodeMemory = nodeMemory;
        this.controllerTarget = controllerTarget;
        this.ownership = NodeOwnership.everything(() -> registry.nodeStates().keySet());
    }

    /**
     * Programs only the nodes {@code ownership} gives this instance, as master of their bridges;
     * slave on every other node's. A node gained is read from its switches afresh and diffed (the
     * flows are the model's, so a takeover finds nothing to change); a node lost is left at once.
     */
    public void share(NodeOwnership ownership, BridgeRoles roles) {
        this.ownership = ownership;
        this.roles = roles;
        ownership.addListener(new NodeOwnership.Listener() {
            @Override
            public void gained(String node, long fencing) {
                switchesOf(node).forEach(held::remove);   // another instance may have changed them
                request();
            }

            @Override
            public void lost(String node) {
                switchesOf(node).forEach(held::remove);
                pushed.remove(node);
                demote(node);
                request();
            }
        });
    }

    /** The node's bridges connected to this instance: br-int, br-tun and the ones it shows. */
    private Map<String, OpenFlowSwitch> bridgesOf(String host) {
        NodeState node = registry.nodeStates().get(host);
        Set<String> names = new TreeSet<>(Set.of(Bridges.INTEGRATION, Bridges.TUNNEL));
        if (node != null) {
            names.addAll(node.bridges());
        }
        Map<String, OpenFlowSwitch> out = new HashMap<>();
        for (String bridge : names) {
            registry.switchOf(host, bridge).filter(OpenFlowSwitch::isConnected).ifPresent(sw -> out.put(bridge, sw));
        }
        return out;
    }

    private List<OpenFlowSwitch> switchesOf(String host) {
        return List.copyOf(bridgesOf(host).values());
    }

    private void demote(String host) {
        bridgesOf(host).forEach((bridge, sw) -> roles.slave(host, bridge, sw, ownership.generation(host)));
    }

    public void start(long periodSeconds) {
        exec.scheduleWithFixedDelay(() -> {
            readSwitches.set(true);
            request();
        }, periodSeconds, periodSeconds, TimeUnit.SECONDS);
        request();
    }

    /** Asks for a pass; requests made while one is queued fold into it. */
    public void request() {
        if (pending.compareAndSet(false, true)) {
            exec.execute(this::pass);
        }
    }

    /** Who hears of passes, nodes and bundles from now on. */
    public void observe(ReconcileObserver observer) {
        this.observer = observer;
    }

    /** The rate each VIF's DHCP requests may reach the controller at, from the next pass on. */
    public void dhcpMeter(DhcpMeter meter) {
        dhcpMeter = meter;
    }

    /** A node's DVR MAC (fa:16:3f:…), once a pass has allocated it. */
    public Optional<String> dvrMac(String hostname) {
        return Optional.ofNullable(lastDvrMacs.get(hostname));
    }

    /** The desired state last computed for a node, for operators. */
    public Optional<DesiredState> desired(String hostname) {
        return Optional.ofNullable(lastDesired.get(hostname));
    }

    private void pass() {
        long started = System.nanoTime();
        pending.set(false);
        if (readSwitches.getAndSet(false)) {
            held.clear();
        }
        held.keySet().removeIf(sw -> !sw.isConnected());
        roles.prune();
        try {
            Map<String, NodeState> nodes = registry.nodeStates();
            observer.passStarted(Set.copyOf(nodes.keySet()));
            // SNAT placed on live network nodes (a failed one's routers moved) before anything compiles
            NetworkModel snapshot = northSouth.place(model.get(), nodes);
            // compiled against every present node (connected, or away within the grace period);
            // applied to the connected ones
            // immutable, so each node's CompileInput shares these maps instead of copying them
            Map<String, NodeState> present = Map.copyOf(nodeMemory.present(nodes));
            // every present node's DVR MAC and every router's number, durable before a flow names them
            lastDvrMacs = Map.copyOf(dvrMacs.ensure(present.keySet()));
            Map<String, Integer> routers = Map.copyOf(routerNumbers.ensure(snapshot.routers().keySet()));
            Map<String, CompletableFuture<Void>> work = new HashMap<>();
            for (NodeState node : nodes.values()) {
                String host = node.hostname();
                if (!ownership.owns(host)) {
                    pushed.remove(host);
                    demote(host);   // another instance programs it
                    continue;
                }
                CompletableFuture<Void> previous = inFlight.get(host);
                if (previous != null && !previous.isDone()) {
                    continue;   // still waiting on its peer from an earlier pass: it has its own retry
                }
                CompletableFuture<Void> f = reconcileNode(snapshot, present, node, routers);
                inFlight.put(host, f);
                f.whenComplete((x, e) -> {
                    inFlight.remove(host, f);
                    if (straggling.remove(host)) {
                        request();   // its statuses, which the pass that started it went without
                    }
                });
                work.put(host, f);
            }
            awaitAnswering(work);
            lastDesired.keySet().retainAll(nodes.keySet());
            compiler.retain(nodes.keySet());
            pushed.keySet().retainAll(nodes.keySet());
            // statuses last, judged against the snapshot the pass compiled: a port reads ACTIVE once
            // the flows that wire it are on its node (the binding then changes the model, and the
            // next pass adds its flows everywhere else)
            // (one transaction for all of them: one commit, so one further pass, however many ports)
            // each node's statuses are said by the instance that programs it; to the others it is not
            // connected (ports, trunks, routers), or not compiled yet: a floating IP it may serve is
            // not called DOWN by an instance that cannot see its flows
            Map<String, NodeState> owned = new HashMap<>(nodes);
            owned.keySet().removeIf(host -> !ownership.owns(host));
            Map<String, DesiredState> compiledHere = new HashMap<>(lastDesired);
            compiledHere.keySet().retainAll(owned.keySet());
            statuses.accept(new PassStatuses(PortBindings.changes(snapshot, owned, pushed),
                    TrunkStatuses.changes(snapshot, owned, pushed),
                    RouterStatuses.changes(snapshot, owned, lastDesired, pushed),
                    FloatingIpStatuses.changes(snapshot, nodes, compiledHere, pushed)));
            northSouth.passed(Map.copyOf(lastDesired), Map.copyOf(pushed));
            observer.passEnded(System.nanoTime() - started);
        } catch (RuntimeException e) {
            observer.passFailed(System.nanoTime() - started);
            long held = passFailures.admit();   // a store outage fails every pass: one report per 30 s
            if (held >= 0) {
                LOG.error("reconciliation pass failed; retrying every 2 s{}",
                        held > 0 ? " (" + held + " more failed passes since the last report)" : "", e);
            }
            exec.schedule(this::request, 2, TimeUnit.SECONDS);
        }
    }

    /**
     * Compiles the node and makes its OVSDB match (without holding a thread while the node
     * answers), then its switches' flows. Completes normally also when it failed (it logs and
     * asks for another pass).
     */
    private CompletableFuture<Void> reconcileNode(NetworkModel snapshot, Map<String, NodeState> nodes, NodeState node,
                                                  Map<String, Integer> routers) {
        String host = node.hostname();
        pushed.remove(host);   // until this pass has got its state onto the node
        Optional<OvsdbNode> ovsdb = registry.ovsdbOf(host);
        return CompletableFuture.supplyAsync(() -> compileNode(snapshot, nodes, node, routers), nodeWork)
                .thenCompose(desired -> {
                    if (ovsdb.isEmpty()) {
                        return CompletableFuture.completedFuture(desired);
                    }
                    if (!ownership.owns(host)) {
                        throw new NotOwnedException(host);
                    }
                    peerWaitSince.put(host, System.nanoTime());
                    return ovsdb.get().apply(desired).orTimeout(TIMEOUT_S, TimeUnit.SECONDS).thenApply(x -> desired);
                })
                .thenAcceptAsync(desired -> {
                    peerWaitSince.remove(host);
                    programSwitches(host, desired, ovsdb.isPresent());
                }, switchWork)
                .exceptionally(e -> {
                    peerWaitSince.remove(host);
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof NotOwnedException) {
                        LOG.debug("node {}: {}", host, cause.getMessage());
                        return null;
                    }
                    LOG.warn("node {}: reconciliation failed ({}); will retry", host, cause.toString());
                    observer.nodeFailed(host);
                    exec.schedule(this::request, 2, TimeUnit.SECONDS);
                    return null;
                });
    }

    private DesiredState compileNode(NetworkModel snapshot, Map<String, NodeState> nodes, NodeState node,
                                     Map<String, Integer> routers) {
        String host = node.hostname();
        Map<String, Integer> local = vlans.ensure(host,
                NodeTopology.networksNeedingLocalVlan(snapshot, node), snapshot.networks().keySet());
        DesiredState desired = compiler.compile(
                new CompileInput(snapshot, nodes, host, local, controllerTarget, lastDvrMacs, routers,
                        northSouth.upstreamMacs()).withDhcpMeter(dhcpMeter));
        DesiredState previous = lastDesired.put(host, desired);
        // each configuration problem (e.g. a port whose physical network the node does not map) once
        List<String> known = previous == null ? List.of() : previous.warnings();
        desired.warnings().stream().filter(w -> !known.contains(w)).forEach(w -> LOG.warn("node {}: {}", host, w));
        return desired;
    }

    private void programSwitches(String host, DesiredState desired, boolean ovsdbConnected) {
        Set<String> synced = new HashSet<>();
        try {
            for (Map.Entry<String, List<Flow>> e : desired.flows().entrySet()) {
                Optional<OpenFlowSwitch> sw = registry.switchOf(host, e.getKey());
                if (sw.isPresent() && sw.get().isConnected()) {
                    peerWaitSince.put(host, System.nanoTime());
                    OptionalLong fencing = ownership.fencing(host);
                    if (fencing.isEmpty()) {
                        throw new NotOwnedException(host);
                    }
                    roles.master(host, e.getKey(), sw.get(), fencing.getAsLong());
                    meters.around(host, e.getKey(), sw.get(), desired.meters(e.getKey()),
                            () -> syncFlows(host, e.getKey(), sw.get(), e.getValue()));
                    synced.add(e.getKey());
                }
            }
        } catch (Exception e) {
            throw new CompletionException(e);
        } finally {
            peerWaitSince.remove(host);
        }
        if (ovsdbConnected) {
            pushed.put(host, new PushedState(desired, synced));
            observer.nodeReconciled(host, synced.containsAll(desired.flows().keySet()),
                    synced.stream().mapToInt(b -> desired.flows().get(b).size()).sum());
        }
    }

    private void syncFlows(String host, String bridge, OpenFlowSwitch sw, List<Flow> desired) throws Exception {
        List<Flow> actual = held.get(sw);
        if (actual == desired) {
            return;   // a desired state the node kept, already on this switch: nothing to diff
        }
        if (actual == null) {
            actual = sw.dumpFlows().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
        FlowChanges changes = FlowDiff.between(actual, desired);
        if (!changes.isEmpty()) {
            if (!ownership.owns(host)) {
                throw new NotOwnedException(host);   // the lease could lapse: not one flow-mod more
            }
            long t0 = System.nanoTime();
            held.remove(sw);   // unknown until the bundle is confirmed
            try {
                sw.apply(changes).get(TIMEOUT_S, TimeUnit.SECONDS);
            } catch (Exception e) {
                observer.bundleFailed(host);
                throw e;
            }
            observer.flowsChanged(host, changes.upserts().size() + changes.deletes().size());
            LOG.info("node {} {}: {} flows added/replaced, {} removed in {} ms", host, bridge,
                    changes.upserts().size(), changes.deletes().size(), (System.nanoTime() - t0) / 1_000_000);
        }
        held.put(sw, desired);
    }

    /**
     * Waits for every node of the pass, except those that have kept it waiting on their peer (an
     * OVSDB transaction, a switch's bundle) for {@link #PEER_PATIENCE_MS}: a mute or slow node must
     * not hold up every other node's statuses. Those finish on their own and then ask for a pass.
     */
    private void awaitAnswering(Map<String, CompletableFuture<Void>> work) {
        try {
            for (Map.Entry<String, CompletableFuture<Void>> e : work.entrySet()) {
                CompletableFuture<Void> f = e.getValue();
                while (!f.isDone()) {
                    Long since = peerWaitSince.get(e.getKey());
                    if (since != null && System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(PEER_PATIENCE_MS)) {
                        straggling.add(e.getKey());
                        if (f.isDone()) {
                            straggling.remove(e.getKey());
                        } else {
                            LOG.debug("node {}: its peer has not answered yet; the pass goes on without it", e.getKey());
                        }
                        break;
                    }
                    try {
                        f.get(50, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException ignored) {
                        // look again whether it is its peer that keeps it
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("reconciliation interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("node reconciliation failed", e.getCause());
        }
    }

    @Override
    public void close() {
        exec.shutdownNow();
        nodeWork.shutdownNow();
        switchWork.shutdownNow();
        try {
            // a pass still running must not write to a store that is being closed
            exec.awaitTermination(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
