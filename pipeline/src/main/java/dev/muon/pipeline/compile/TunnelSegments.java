package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.pushVlan;
import static dev.muon.pipeline.flow.Action.setVlanVid;
import static dev.muon.pipeline.flow.PipelineTable.TUN_DVR_NOT_LEARN;
import static dev.muon.pipeline.flow.PipelineTable.TUN_VXLAN_TUN_TO_LV;

import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.Network;

/** Neutron's provision_local_vlan on br-tun: a local VXLAN network's VNI becomes its local VLAN. */
final class TunnelSegments implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        ctx.tunnelledNetworks().forEach((Network net, Integer vlan) -> {
            long vni = net.segmentationId();
            sink.add(Bridges.TUNNEL, TUN_VXLAN_TUN_TO_LV.flow(Priority.VNI_TO_LOCAL_VLAN)
                    .cookie(ctx.cookies().network(net.id(), net.name())).match(m -> m.tunId(vni))
                    .actions(pushVlan(), setVlanVid(vlan), gotoTable(TUN_DVR_NOT_LEARN.number())).build());
        });
    }
}
