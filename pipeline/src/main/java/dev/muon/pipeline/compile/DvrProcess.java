package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.normal;
import static dev.muon.pipeline.flow.Action.setField;
import static dev.muon.pipeline.flow.PipelineTable.PHYS_DVR_PROCESS;
import static dev.muon.pipeline.flow.PipelineTable.TUN_DVR_PROCESS;
import static dev.muon.pipeline.flow.PipelineTable.TUN_PATCH_LV_TO_TUN;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.PipelineTable;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.NetworkType;
import java.util.function.UnaryOperator;

/**
 * Neutron's br_dvr_process, on br-tun (DVR_PROCESS, 1) and each physical bridge
 * (DVR_PROCESS_VLAN, 1): a frame this node routed leaves with the node's DVR MAC instead of the
 * router interface MAC as source (every node has the same interface MAC, so it must never be
 * seen, let alone learnt, on the underlay or a provider wire), and ARP for the gateway or frames
 * to the interface MAC never leave the node.
 */
final class DvrProcess implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        NodeRouters routers = ctx.routers();
        for (NodeRouters.Interface i : routers.interfaces()) {
            long cookie = ctx.routerCookie(i.router());
            if (i.network().networkType() == NetworkType.VXLAN) {
                if (ctx.programs(Bridges.TUNNEL)) {
                    int lv = i.localVlan();
                    add(sink, Bridges.TUNNEL, TUN_DVR_PROCESS, cookie, m -> m.vlan(lv), i, routers.dvrMac(),
                            gotoTable(TUN_PATCH_LV_TO_TUN.number()));
                }
                continue;
            }
            // after table 0 put the provider VLAN on (none for flat)
            UnaryOperator<Match.Builder> wire = i.network().networkType() == NetworkType.FLAT
                    ? Match.Builder::untagged : m -> m.vlan(i.network().segmentationId());
            for (PhysicalBridge pb : ctx.topo().physicalBridges()) {
                if (pb.physnet().equals(i.network().physicalNetwork())
                        && ctx.topo().ofport(pb.bridge(), pb.physicalPort()).isPresent()) {
                    add(sink, pb.bridge(), PHYS_DVR_PROCESS, cookie, wire, i, routers.dvrMac(), normal());
                }
            }
        }
    }

    private static void add(PipelineSink sink, String bridge, PipelineTable table, long cookie,
                            UnaryOperator<Match.Builder> segment, NodeRouters.Interface i, String dvrMac, Action then) {
        boolean vlanBridge = table == PHYS_DVR_PROCESS;
        sink.add(bridge, table.flow(vlanBridge ? Priority.DVR_ROUTER_ARP_LOCAL_VLAN : Priority.DVR_ROUTER_ARP_LOCAL)
                .cookie(cookie).match(m -> segment.apply(m).ethType(Match.ETH_TYPE_ARP).arpTpa(i.ip())).drop());
        sink.addShared(bridge, table.flow(vlanBridge ? Priority.DVR_ROUTER_MAC_LOCAL_VLAN : Priority.DVR_ROUTER_MAC_LOCAL)
                .cookie(cookie).match(m -> segment.apply(m).ethDst(i.mac())).drop());
        sink.addShared(bridge, table.flow(vlanBridge ? Priority.DVR_SOURCE_REWRITE_VLAN : Priority.DVR_SOURCE_REWRITE)
                .cookie(cookie).match(m -> segment.apply(m).ethSrc(i.mac()))
                .actions(setField(Field.ETH_SRC, dvrMac), then).build());
    }
}
