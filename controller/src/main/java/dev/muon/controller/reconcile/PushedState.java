package dev.muon.controller.reconcile;

import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.compile.PortWiring;
import java.util.Optional;
import java.util.Set;

/**
 * What a pass got onto a node: the desired state it applied through OVSDB and the bridges
 * that hold exactly its flows. Statuses promise only what this backs.
 */
public record PushedState(DesiredState desired, Set<String> syncedBridges) {

    public PushedState {
        syncedBridges = Set.copyOf(syncedBridges);
    }

    public Optional<PortWiring> wiring(String portId) {
        return desired.wiring(portId);
    }

    /** What the node does with a port's traffic, as far as this pass can tell. */
    public enum Carriage {
        /** Wired, and every bridge on its path holds its flows. */
        CARRIED,
        /** Dead, or wired on a path that cannot be programmed yet. */
        NOT_CARRIED,
        /** Wired, but a bridge on its path is not connected yet, so its flows are not known to be there. */
        UNKNOWN
    }

    public Carriage carriage(String portId) {
        Optional<PortWiring> w = wiring(portId);
        if (w.isEmpty() || !w.get().isProgrammable()) {
            return Carriage.NOT_CARRIED;
        }
        return syncedBridges.containsAll(w.get().path()) ? Carriage.CARRIED : Carriage.UNKNOWN;
    }
}
