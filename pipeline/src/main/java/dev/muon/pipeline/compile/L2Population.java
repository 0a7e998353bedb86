package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.output;
import static dev.muon.pipeline.flow.Action.popVlan;
import static dev.muon.pipeline.flow.Action.setTunnelId;
import static dev.muon.pipeline.flow.PipelineTable.TUN_UCAST_TO_TUN;

import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.Port;

/**
 * Total L2 population (Neutron's l2population, but from the model rather than learnt):
 * every remote port's MAC on every local VXLAN network, and on every one a local router routes
 * to, out of its node's tunnel with the VNI.
 */
final class L2Population implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        NodeTopology topo = ctx.topo();
        java.util.Map<Network, Integer> networks = new java.util.LinkedHashMap<>(ctx.tunnelledNetworks());
        networks.putAll(ctx.routedOnlyTunnelledNetworks());
        networks.forEach((Network net, Integer vlan) -> {
            long vni = net.segmentationId();
            for (Port remote : topo.remotePorts(net.id())) {
                int tun = topo.tunnelOfport(remote.bindingHostId()).orElseThrow();
                String mac = remote.macAddress().toLowerCase();
                sink.add(Bridges.TUNNEL, TUN_UCAST_TO_TUN.flow(Priority.REMOTE_MAC)
                        .cookie(ctx.cookies().port(remote.id(), remote.name()))
                        .match(m -> m.vlan(vlan).ethDst(mac))
                        .actions(popVlan(), setTunnelId(vni), output(tun)).build());
            }
        });
    }
}
