package dev.muon.controller.reconcile;

import java.util.List;
import java.util.Set;

/**
 * What the {@link Reconciler} reports as it works, for metrics, health and progress logs. Called
 * on the reconciler's threads: implementations record and return at once.
 */
public interface ReconcileObserver {
    ReconcileObserver NONE = new ReconcileObserver() {
    };

    /** A pass starts reconciling {@code programmed}: the nodes this controller programs now. */
    default void passStarted(Set<String> programmed) {
    }

    /** A pass ended after {@code nanos}. */
    default void passEnded(long nanos) {
    }

    /** A pass failed after {@code nanos} (a store outage, a failed allocation): it is retried. */
    default void passFailed(long nanos) {
    }

    /**
     * A node's desired state is on each of its switches that is connected; {@code allSwitches}:
     * every bridge it needs has one. {@code flowsHeld}: the flows those switches hold.
     */
    default void nodeReconciled(String node, boolean allSwitches, int flowsHeld) {
    }

    /** A node's reconciliation failed (its OVSDB transaction, a bundle); it is retried. */
    default void nodeFailed(String node) {
    }

    /** {@code flows} flows were added, replaced or removed on one of the node's switches. */
    default void flowsChanged(String node, int flows) {
    }

    /** A bundle (or flow-mods with a barrier) the node's switch refused or did not confirm. */
    default void bundleFailed(String node) {
    }

    /** Every one of {@code observers}, in order. */
    static ReconcileObserver all(ReconcileObserver... observers) {
        List<ReconcileObserver> each = List.of(observers);
        return new ReconcileObserver() {
            @Override
            public void passStarted(Set<String> programmed) {
                each.forEach(o -> o.passStarted(programmed));
            }

            @Override
            public void passEnded(long nanos) {
                each.forEach(o -> o.passEnded(nanos));
            }

            @Override
            public void passFailed(long nanos) {
                each.forEach(o -> o.passFailed(nanos));
            }

            @Override
            public void nodeReconciled(String node, boolean allSwitches, int flowsHeld) {
                each.forEach(o -> o.nodeReconciled(node, allSwitches, flowsHeld));
            }

            @Override
            public void nodeFailed(String node) {
                each.forEach(o -> o.nodeFailed(node));
            }

            @Override
            public void flowsChanged(String node, int flows) {
                each.forEach(o -> o.flowsChanged(node, flows));
            }

            @Override
            public void bundleFailed(String node) {
                each.forEach(o -> o.bundleFailed(node));
            }
        };
    }
}
