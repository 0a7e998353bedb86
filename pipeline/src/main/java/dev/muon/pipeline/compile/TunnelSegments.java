package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.pushVlan;
import static dev.muon.pipeline.flow.Action.setVlanVid;
import static dev.muon.pipeline.flow.PipelineTable.TUN_DVR_NOT_LEARN;
import static dev.muon.pipeline.flow.PipelineTable.TUN_VXLAN_TUN_TO_LV;

import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.Network;

/**
 * Neutron's provision_local_vlan on br-tun: a local VXLAN network's VNI becomes its local VLAN, as
 * does that of every network of a router whose SNAT this node serves (other nodes send it there).
 */
final class TunnelSegments implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        java.util.Map<Network, Integer> networks = new java.util.LinkedHashMap<>(ctx.tunnelledNetworks());
        // the SNAT node receives its routers' default-routed traffic on their networks, with or without a port there
        java.util.Map<Network, Integer> routedOnly = ctx.routedOnlyTunnelledNetworks();
        for (NodeRouters.LocalRouter r : ctx.external().snatRouters()) {
            for (NodeRouters.Interface i : r.carried()) {
                if (routedOnly.containsKey(i.network())) {
                    networks.putIfAbsent(i.network(), i.localVlan());
                }
            }
        }
        networks.forEach((Network net, Integer vlan) -> {
            long vni = net.segmentationId();
            sink.add(Bridges.TUNNEL, TUN_VXLAN_TUN_TO_LV.flow(Priority.VNI_TO_LOCAL_VLAN)
                    .cookie(ctx.cookies().network(net.id(), net.name())).match(m -> m.tunId(vni))
                    .actions(pushVlan(), setVlanVid(vlan), gotoTable(TUN_DVR_NOT_LEARN.number())).build());
        });
    }
}
