package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.output;
import static dev.muon.pipeline.flow.Action.popVlan;
import static dev.muon.pipeline.flow.Action.setTunnelId;
import static dev.muon.pipeline.flow.PipelineTable.TUN_FLOOD_TO_TUN;

import dev.muon.pipeline.flow.FlowBuilder;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.Network;
import java.util.List;

/** Broadcast, multicast and unknown unicast of a VXLAN network go only to the nodes where it has ports. */
final class Flooding implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        ctx.tunnelledNetworks().forEach((Network net, Integer vlan) -> {
            List<Integer> flood = ctx.topo().floodTunnels(net.id());
            if (flood.isEmpty()) {
                return;
            }
            FlowBuilder b = TUN_FLOOD_TO_TUN.flow(Priority.FLOOD).cookie(ctx.cookies().network(net.id(), net.name()))
                    .match(m -> m.vlan(vlan)).actions(popVlan(), setTunnelId(net.segmentationId()));
            flood.forEach(t -> b.action(output(t)));
            sink.add(Bridges.TUNNEL, b.build());
        });
    }
}
