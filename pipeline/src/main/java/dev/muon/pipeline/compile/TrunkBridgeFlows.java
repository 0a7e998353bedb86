package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.output;
import static dev.muon.pipeline.flow.Action.popVlan;
import static dev.muon.pipeline.flow.Action.pushVlan;
import static dev.muon.pipeline.flow.Action.setVlanVid;
import static dev.muon.pipeline.flow.PipelineTable.TRUNK_LOCAL;

import dev.muon.pipeline.flow.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A trunk bridge's flows. Neutron leaves {@code tbr-…} to the bridge's own NORMAL switching;
 * Muon owns it in secure fail mode and writes the mapping out, because it knows it: untagged
 * frames from the VM go to the parent's {@code tpt-} and VLAN S to its subport's {@code spt-}
 * with the tag popped, and back again with the tag pushed. Nothing is learnt or flooded (not
 * even to the bridge's own internal port), a VLAN that is no subport's is dropped at the
 * VM's port, and until Muon has programmed the bridge it forwards nothing at all.
 */
final class TrunkBridgeFlows {
    private final NodeTopology topo;
    private final CookieBook cookies;

    TrunkBridgeFlows(NodeTopology topo, CookieBook cookies) {
        this.topo = topo;
        this.cookies = cookies;
    }

    List<Flow> compile(TrunkBridge tb) {
        if (tb.trunk().isEmpty()) {
            return List.of();   // trunk deleted: none of Muon's flows stay behind
        }
        List<Flow> flows = new ArrayList<>();
        flows.add(TRUNK_LOCAL.flow(0).cookie(cookies.pipeline()).drop());
        if (tb.vif().isEmpty()) {
            return flows;
        }
        int vm = tb.vif().get().ofport();
        for (TrunkPatch p : tb.patches()) {
            Optional<Integer> ofport = topo.ofport(tb.name(), p.trunkSide());
            if (ofport.isEmpty()) {
                continue;
            }
            int patch = ofport.get();
            long cookie = cookies.port(p.port().id(), p.port().name());
            if (p.vlan() == null) {
                flows.add(TRUNK_LOCAL.flow(2).cookie(cookie).match(m -> m.inPort(vm).untagged())
                        .actions(output(patch)).build());
                flows.add(TRUNK_LOCAL.flow(2).cookie(cookie).match(m -> m.inPort(patch))
                        .actions(output(vm)).build());
            } else {
                int vlan = p.vlan();
                flows.add(TRUNK_LOCAL.flow(2).cookie(cookie).match(m -> m.inPort(vm).vlan(vlan))
                        .actions(popVlan(), output(patch)).build());
                flows.add(TRUNK_LOCAL.flow(2).cookie(cookie).match(m -> m.inPort(patch))
                        .actions(pushVlan(), setVlanVid(vlan), output(vm)).build());
            }
        }
        return flows;
    }
}
