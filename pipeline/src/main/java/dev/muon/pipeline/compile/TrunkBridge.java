package dev.muon.pipeline.compile;

import dev.muon.pipeline.model.Trunk;
import dev.muon.pipeline.node.ObservedInterface;
import java.util.List;
import java.util.Optional;

/**
 * A trunk bridge ({@code tbr-…}) Muon manages on the node being compiled.
 *
 * @param trunk   the trunk it is named for; empty for a bridge whose trunk was deleted while a
 *                VM is still plugged in it (Muon keeps it isolated until os-vif removes it)
 * @param vif     the VM's interface on it (iface-id = the trunk's parent port), once plugged
 * @param patches the patch pairs to br-int: the parent's, then each subport's; none until the
 *                VM is plugged, as Neutron's agent wires a trunk only once its VIF appears
 */
record TrunkBridge(String name, Optional<Trunk> trunk, Optional<ObservedInterface> vif, List<TrunkPatch> patches) {
    TrunkBridge {
        patches = List.copyOf(patches);
    }
}
