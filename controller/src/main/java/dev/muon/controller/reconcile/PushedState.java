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

    /** The port is wired and every bridge that carries it holds its flows. */
    public boolean carries(String portId) {
        return wiring(portId).filter(PortWiring::isProgrammable)
                .map(w -> syncedBridges.containsAll(w.path())).orElse(false);
    }
}
