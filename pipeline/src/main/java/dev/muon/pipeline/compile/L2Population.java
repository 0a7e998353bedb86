package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.output;
import static dev.muon.pipeline.flow.Action.popVlan;
import static dev.muon.pipeline.flow.Action.setTunnelId;
import static dev.muon.pipeline.flow.PipelineTable.TUN_UCAST_TO_TUN;

import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.Port;
import java.util.List;

/**
 * Total L2 population (Neutron's l2population, but from the model rather than learnt):
 * every remote port's MAC on every local VXLAN network, and on every one a local router routes
 * to, out of its node's tunnel with the VNI.
 */
final class L2Population implements PipelineModule {

    /** What a remote port's unicast flow is made of (its cookie names the port). */
    private record Fragment(long cookie, String mac, int localVlan, long vni, int tunnel) {
    }

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
                long cookie = ctx.cookies().port(remote.id(), remote.name());
                ctx.memo().fragment(new Fragment(cookie, mac, vlan, vni, tun), () -> List.of(
                        TUN_UCAST_TO_TUN.flow(Priority.REMOTE_MAC).cookie(cookie)
                                .match(m -> m.vlan(vlan).ethDst(mac))
                                .actions(popVlan(), setTunnelId(vni), output(tun)).build()))
                        .forEach(f -> sink.add(Bridges.TUNNEL, f));
            }
        });
    }
}
