package dev.muon.controller.ops;

import dev.muon.controller.metrics.NodeFigures;
import dev.muon.controller.reconcile.ReconcileObserver;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each node is in sync, as the reconciler last found it: its desired flows are on every
 * switch it needs. A node counts from the pass that first programs it (out of sync until its
 * reconciliation ends well); one no longer programmed (disconnected, or another controller's) is
 * shown disconnected with the flows it last held.
 */
public final class NodeSync implements ReconcileObserver {
    private record State(boolean connected, boolean inSync, int flowsHeld) {
    }

    private static final State PENDING = new State(false, false, 0);

    private final Map<String, State> nodes = new ConcurrentHashMap<>();
    private volatile Set<String> programmed = Set.of();

    @Override
    public void passStarted(Set<String> programmed) {
        this.programmed = Set.copyOf(programmed);
        programmed.forEach(n -> nodes.putIfAbsent(n, PENDING));
        nodes.replaceAll((n, s) -> programmed.contains(n) ? s : new State(false, false, s.flowsHeld()));
    }

    @Override
    public void nodeReconciled(String node, boolean allSwitches, int flowsHeld) {
        nodes.put(node, new State(allSwitches, allSwitches, flowsHeld));
    }

    @Override
    public void nodeFailed(String node) {
        nodes.computeIfPresent(node, (n, s) -> new State(s.connected(), false, s.flowsHeld()));
    }

    /** The nodes this controller programs. */
    public Set<String> programmed() {
        return programmed;
    }

    /** Those of them not in sync, sorted. */
    public List<String> outOfSync() {
        return programmed.stream().filter(n -> !nodes.getOrDefault(n, PENDING).inSync()).sorted().toList();
    }

    /** Every node seen since the controller started, for the per-node gauges. */
    public Collection<NodeFigures> figures() {
        return nodes.entrySet().stream()
                .map(e -> new NodeFigures(e.getKey(), e.getValue().connected(), e.getValue().flowsHeld()))
                .toList();
    }
}
