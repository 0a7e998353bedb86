package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.output;
import static dev.muon.pipeline.flow.PipelineTable.TUN_ARP_RESPONDER;
import static dev.muon.pipeline.flow.PipelineTable.TUN_DVR_PROCESS;
import static dev.muon.pipeline.flow.PipelineTable.TUN_FLOOD_TO_TUN;
import static dev.muon.pipeline.flow.PipelineTable.TUN_LEARN_FROM_TUN;
import static dev.muon.pipeline.flow.PipelineTable.TUN_LOCAL;
import static dev.muon.pipeline.flow.PipelineTable.TUN_PATCH_LV_TO_TUN;
import static dev.muon.pipeline.flow.PipelineTable.TUN_UCAST_TO_TUN;
import static dev.muon.pipeline.flow.PipelineTable.TUN_VXLAN_TUN_TO_LV;

import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.node.NodeState;

/**
 * br-tun's plumbing, as Neutron's br_tun sets it up with DVR: frames from br-int pass DVR
 * processing (1), then are classified (ARP broadcasts to the responder, unicast to 20, the rest to 22), frames from each tunnel
 * go to VNI translation, and what tables 4/9 pass on leaves for br-int.
 */
final class TunnelBridgeBase implements PipelineModule {
    private static final String UNICAST = "00:00:00:00:00:00";
    private static final String MULTICAST = "01:00:00:00:00:00";
    private static final String BROADCAST = "ff:ff:ff:ff:ff:ff";

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        NodeTopology topo = ctx.topo();
        if (!ctx.programs(Bridges.TUNNEL)) {
            return;
        }
        int patchInt = topo.ofport(Bridges.TUNNEL, Bridges.PATCH_INT).orElseThrow();
        long c = ctx.cookies().pipeline();
        String br = Bridges.TUNNEL;
        sink.add(br, TUN_LOCAL.flow(Priority.TUNNEL_PORT_IN).cookie(c).match(m -> m.inPort(patchInt))
                .actions(gotoTable(TUN_DVR_PROCESS.number())).build());
        for (NodeState remote : topo.tunnelEndpoints()) {
            topo.tunnelOfport(remote.hostname()).ifPresent(tun -> sink.add(br,
                    TUN_LOCAL.flow(Priority.TUNNEL_PORT_IN).cookie(ctx.cookies().node(remote.hostname()))
                            .match(m -> m.inPort(tun)).actions(gotoTable(TUN_VXLAN_TUN_TO_LV.number())).build()));
        }
        sink.add(br, TUN_PATCH_LV_TO_TUN.flow(Priority.ARP_TO_RESPONDER).cookie(c)
                .match(m -> m.ethType(Match.ETH_TYPE_ARP).ethDst(BROADCAST))
                .actions(gotoTable(TUN_ARP_RESPONDER.number())).build());
        sink.add(br, TUN_PATCH_LV_TO_TUN.flow(Priority.CAST_SPLIT).cookie(c).match(m -> m.ethDst(UNICAST, MULTICAST))
                .actions(gotoTable(TUN_UCAST_TO_TUN.number())).build());
        sink.add(br, TUN_PATCH_LV_TO_TUN.flow(Priority.CAST_SPLIT).cookie(c).match(m -> m.ethDst(MULTICAST, MULTICAST))
                .actions(gotoTable(TUN_FLOOD_TO_TUN.number())).build());
        sink.add(br, TUN_LEARN_FROM_TUN.flow(Priority.TO_INTEGRATION).cookie(c).actions(output(patchInt)).build());
    }
}
