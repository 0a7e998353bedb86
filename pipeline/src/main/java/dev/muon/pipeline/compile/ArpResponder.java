package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.PipelineTable.TUN_ARP_RESPONDER;

import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.Port;
import java.util.ArrayList;
import java.util.List;

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

    /** What a remote port's ARP answers are made of (its cookie names the port). */
    private record Fragment(long cookie, String mac, List<FixedIp> fixedIps, int localVlan) {
    }

    private static List<Flow> answers(Port remote, String mac, long cookie, int vlan) {
        List<Flow> out = new ArrayList<>();
        for (String ip : PortAddresses.fixedIpv4(remote)) {
            out.add(TUN_ARP_RESPONDER.flow(Priority.ARP_ANSWER).cookie(cookie)
                    .match(m -> m.ethType(Match.ETH_TYPE_ARP).vlan(vlan).arpOp(ArpReply.REQUEST).arpTpa(ip))
                    .actions(ArpReply.answering(mac, ip).toArray(new dev.muon.pipeline.flow.Action[0])).build());
        }
        return out;
    }

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        NodeTopology topo = ctx.topo();
        ctx.tunnelledNetworks().forEach((Network net, Integer vlan) -> {
            for (Port remote : topo.remotePorts(net.id())) {
                String mac = remote.macAddress().toLowerCase();
                long cookie = ctx.cookies().port(remote.id(), remote.name());
                ctx.memo().fragment(new Fragment(cookie, mac, remote.fixedIps(), vlan), () -> answers(remote, mac, cookie, vlan))
                        .forEach(f -> sink.add(Bridges.TUNNEL, f));
            }
        });
    }
}
