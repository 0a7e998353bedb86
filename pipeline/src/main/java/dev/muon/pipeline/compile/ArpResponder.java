package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.PipelineTable.TUN_ARP_RESPONDER;

import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.Port;

/**
 * br-tun's ARP responder: ARP requests for every remote port's fixed IPv4 addresses are
 * answered in place, as Neutron's l2population with arp_responder does.
 *
 * <p>Remote ports only: a local port answers for itself over br-int (a second, synthetic
 * answer would duplicate it and would answer the port's own duplicate-address probes).
 * Allowed address pairs are not answered either: their MAC may move (VRRP), so their ARP
 * floods like an unknown IP's.
 */
final class ArpResponder implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        NodeTopology topo = ctx.topo();
        ctx.tunnelledNetworks().forEach((Network net, Integer vlan) -> {
            for (Port remote : topo.remotePorts(net.id())) {
                String mac = remote.macAddress().toLowerCase();
                long cookie = ctx.cookies().port(remote.id(), remote.name());
                for (String ip : PortAddresses.fixedIpv4(remote)) {
                    sink.add(Bridges.TUNNEL, TUN_ARP_RESPONDER.flow(Priority.ARP_ANSWER).cookie(cookie)
                            .match(m -> m.ethType(Match.ETH_TYPE_ARP).vlan(vlan).arpOp(ArpReply.REQUEST).arpTpa(ip))
                            .actions(ArpReply.answering(mac, ip).toArray(new dev.muon.pipeline.flow.Action[0])).build());
                }
            }
        });
    }
}
