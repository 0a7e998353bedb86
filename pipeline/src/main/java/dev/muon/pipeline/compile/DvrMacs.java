package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.output;
import static dev.muon.pipeline.flow.PipelineTable.INT_DVR_TO_SRC_MAC;
import static dev.muon.pipeline.flow.PipelineTable.INT_DVR_TO_SRC_MAC_VLAN;
import static dev.muon.pipeline.flow.PipelineTable.INT_LOCAL_SWITCHING;
import static dev.muon.pipeline.flow.PipelineTable.TUN_DVR_NOT_LEARN;

import dev.muon.pipeline.flow.Priority;
import java.util.Optional;

/**
 * Every other node's DVR MAC, as Neutron's DVR installs it on each node: a frame with one as
 * source was routed elsewhere, so br-tun table 9 hands it to br-int without learning, and br-int
 * table 0 sends it to DVR_TO_SRC_MAC (1, from br-tun) or its VLAN variant (2, from a physical
 * bridge) instead of switching it.
 */
final class DvrMacs implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        NodeTopology topo = ctx.topo();
        Optional<Integer> patchTun = topo.ofport(Bridges.INTEGRATION, Bridges.PATCH_TUN);
        Optional<Integer> patchInt = ctx.programs(Bridges.TUNNEL) ? topo.ofport(Bridges.TUNNEL, Bridges.PATCH_INT)
                : Optional.empty();
        ctx.routers().otherDvrMacs().forEach((host, mac) -> {
            long cookie = ctx.cookies().node(host);
            patchTun.ifPresent(in -> sink.add(Bridges.INTEGRATION, INT_LOCAL_SWITCHING.flow(Priority.DVR_MAC_FROM_TUNNEL)
                    .cookie(cookie).match(m -> m.inPort(in).ethSrc(mac))
                    .actions(gotoTable(INT_DVR_TO_SRC_MAC.number())).build()));
            for (PhysicalBridge pb : topo.physicalBridges()) {
                topo.ofport(Bridges.INTEGRATION, pb.integrationPort()).ifPresent(in -> sink.add(Bridges.INTEGRATION,
                        INT_LOCAL_SWITCHING.flow(Priority.DVR_MAC_FROM_PHYSICAL).cookie(cookie)
                                .match(m -> m.inPort(in).ethSrc(mac))
                                .actions(gotoTable(INT_DVR_TO_SRC_MAC_VLAN.number())).build()));
            }
            patchInt.ifPresent(out -> sink.add(Bridges.TUNNEL, TUN_DVR_NOT_LEARN.flow(Priority.DVR_MAC_NOT_LEARNT)
                    .cookie(cookie).match(m -> m.ethSrc(mac)).actions(output(out)).build()));
        });
    }
}
