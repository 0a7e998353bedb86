package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.output;
import static dev.muon.pipeline.flow.Action.popVlan;
import static dev.muon.pipeline.flow.Action.pushVlan;
import static dev.muon.pipeline.flow.Action.setVlanVid;
import static dev.muon.pipeline.flow.PipelineTable.TRUNK_LOCAL;

import dev.muon.pipeline.flow.Priority;
import java.util.Map;
import java.util.Optional;

/**
 * Trunk bridges: their OVSDB wiring and their flows. Neutron leaves {@code tbr-…} to the bridge's own NORMAL switching;
 * Muon owns it in secure fail mode and writes the mapping out, because it knows it: untagged
 * frames from the VM go to the parent's {@code tpt-} and VLAN S to its subport's {@code spt-}
 * with the tag popped, and back again with the tag pushed. Nothing is learnt or flooded (not
 * even to the bridge's own internal port), a VLAN that is no subport's is dropped at the VM's
 * port (the table's miss), and until Muon has programmed the bridge it forwards nothing.
 */
final class Trunks implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        wire(ctx, sink);
        for (TrunkBridge tb : ctx.trunks().bridges()) {
            if (tb.trunk().isEmpty() || tb.vif().isEmpty()) {
                continue;   // trunk deleted: none of Muon's flows stay; no VM yet: nothing to map
            }
            int vm = tb.vif().get().ofport();
            for (TrunkPatch p : tb.patches()) {
                Optional<Integer> ofport = ctx.topo().ofport(tb.name(), p.trunkSide());
                if (ofport.isEmpty()) {
                    continue;
                }
                int patch = ofport.get();
                long cookie = ctx.cookies().port(p.port().id(), p.port().name());
                if (p.vlan() == null) {
                    sink.add(tb.name(), TRUNK_LOCAL.flow(Priority.TRUNK_VLAN_MAP).cookie(cookie)
                            .match(m -> m.inPort(vm).untagged()).actions(output(patch)).build());
                    sink.add(tb.name(), TRUNK_LOCAL.flow(Priority.TRUNK_VLAN_MAP).cookie(cookie)
                            .match(m -> m.inPort(patch)).actions(output(vm)).build());
                } else {
                    int vlan = p.vlan();
                    sink.add(tb.name(), TRUNK_LOCAL.flow(Priority.TRUNK_VLAN_MAP).cookie(cookie)
                            .match(m -> m.inPort(vm).vlan(vlan)).actions(popVlan(), output(patch)).build());
                    sink.add(tb.name(), TRUNK_LOCAL.flow(Priority.TRUNK_VLAN_MAP).cookie(cookie)
                            .match(m -> m.inPort(patch)).actions(pushVlan(), setVlanVid(vlan), output(vm)).build());
                }
            }
        }
    }

    /**
     * Each trunk bridge (ephemeral: deleted once no desired state names it and only Muon's
     * ports are left) and its patch pairs to br-int, named and tagged as Neutron's trunk driver
     * does: the br-int end carries the port's iface-id and attached-mac (so it is an ordinary
     * VIF there) and waits on the dead VLAN until it is wired; the trunk end is tagged with the
     * subport's segmentation id (none for the parent).
     */
    private static void wire(CompileContext ctx, PipelineSink sink) {
        for (TrunkBridge tb : ctx.trunks().bridges()) {
            for (TrunkPatch p : tb.patches()) {
                sink.port(Bridges.INTEGRATION, new PortSpec(p.integrationSide(), "patch", Map.of("peer", p.trunkSide()),
                        Map.of("iface-id", p.port().id(), "attached-mac", p.port().macAddress()), null));
                sink.tagIfUntagged(p.integrationSide(), Bridges.DEAD_VLAN);
            }
        }
        for (TrunkBridge tb : ctx.trunks().bridges()) {
            sink.bridge(ctx.bridge(tb.name(), true));
            for (TrunkPatch p : tb.patches()) {
                sink.port(tb.name(), new PortSpec(p.trunkSide(), "patch", Map.of("peer", p.integrationSide()), Map.of(),
                        p.vlan()));
            }
        }
    }
}
