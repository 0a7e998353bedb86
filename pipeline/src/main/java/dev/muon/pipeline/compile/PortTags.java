package dev.muon.pipeline.compile;

import dev.muon.pipeline.model.NetworkType;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Each wired VIF's access tag on br-int is its network's local VLAN on this node, as
 * Neutron's agent sets it (NORMAL switching and the local-VLAN flows depend on it).
 */
final class PortTags implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        for (LocalPort lp : ctx.topo().localPorts()) {
            sink.tag(lp.interfaceName(), lp.localVlan());
            sink.wire(PortWiring.wired(lp, path(ctx, lp)));
        }
    }

    /**
     * The bridges that carry a port's traffic, or none while one of them cannot be programmed:
     * br-int; br-tun for a VXLAN network (once its patch port is numbered); the physical bridge
     * of a VLAN or flat network (once both ends of its patch pair are); the trunk bridge a
     * trunk's patch port leads to.
     */
    private static Set<String> path(CompileContext ctx, LocalPort lp) {
        NodeTopology topo = ctx.topo();
        Set<String> path = new TreeSet<>();
        path.add(Bridges.INTEGRATION);
        if (lp.network().networkType() == NetworkType.VXLAN) {
            if (!ctx.programs(Bridges.TUNNEL)) {
                return Set.of();
            }
            path.add(Bridges.TUNNEL);
        } else {
            Optional<PhysicalBridge> pb = topo.physicalBridges().stream()
                    .filter(b -> b.physnet().equals(lp.network().physicalNetwork())).findFirst();
            if (pb.isEmpty() || topo.ofport(Bridges.INTEGRATION, pb.get().integrationPort()).isEmpty()
                    || topo.ofport(pb.get().bridge(), pb.get().physicalPort()).isEmpty()) {
                return Set.of();
            }
            path.add(pb.get().bridge());
        }
        for (TrunkBridge tb : ctx.trunks().bridges()) {
            if (tb.patches().stream().anyMatch(p -> p.integrationSide().equals(lp.interfaceName()))) {
                if (!ctx.programs(tb.name()) || topo.ofport(tb.name(), trunkSide(tb, lp)).isEmpty()) {
                    return Set.of();
                }
                path.add(tb.name());
            }
        }
        return path;
    }

    private static String trunkSide(TrunkBridge tb, LocalPort lp) {
        return tb.patches().stream().filter(p -> p.integrationSide().equals(lp.interfaceName()))
                .map(TrunkPatch::trunkSide).findFirst().orElseThrow();
    }
}
