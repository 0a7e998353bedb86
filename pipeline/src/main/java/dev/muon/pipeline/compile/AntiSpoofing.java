package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.PipelineTable.INT_ARP_SPOOF;
import static dev.muon.pipeline.flow.PipelineTable.INT_LOCAL_SWITCHING;
import static dev.muon.pipeline.flow.PipelineTable.INT_MAC_SPOOF;

import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.Port;
import java.util.ArrayList;
import java.util.List;

/**
 * Neutron's anti-spoofing on br-int (seed 000): a VIF's ARP only from its fixed IPs and
 * allowed address pairs (table 24), its IPv6 neighbour advertisements only for its addresses
 * and the link-locals of its MACs (table 24), its frames only from its MACs (table 25).
 * A port with port_security_enabled=false gets none of it ({@link VifIngress} sends it on to 60).
 */
final class AntiSpoofing implements PipelineModule {

    /** What a port's anti-spoofing flows depend on: its addresses as wired here. */
    private record Fragment(PortFlowKey port) {
    }

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        for (LocalPort lp : ctx.topo().localPorts()) {
            Port port = lp.port();
            if (!port.portSecurityEnabled()) {
                continue;
            }
            long cookie = ctx.cookies().port(port.id(), port.name());
            ctx.memo().fragment(new Fragment(PortFlowKey.of(lp, cookie)), () -> portFlows(lp, cookie))
                    .forEach(f -> sink.add(Bridges.INTEGRATION, f));
        }
    }

    private static List<Flow> portFlows(LocalPort lp, long cookie) {
        List<Flow> out = new ArrayList<>();
        Port port = lp.port();
        int in = lp.ofport();
        PortAddresses.Allowed v6 = PortAddresses.ipv6(port);
        if (!v6.unrestricted()) {
            out.add(INT_LOCAL_SWITCHING.flow(Priority.VIF_NEIGHBOUR_CHECK).cookie(cookie)
                    .match(m -> neighbourAdvertisement(m, in))
                    .actions(VifIngress.then(lp, gotoTable(INT_ARP_SPOOF.number()))).build());
        }
        PortAddresses.Allowed v4 = PortAddresses.ipv4(port);
        if (!v4.unrestricted()) {
            out.add(INT_LOCAL_SWITCHING.flow(Priority.VIF_NEIGHBOUR_CHECK).cookie(cookie)
                    .match(m -> m.ethType(Match.ETH_TYPE_ARP).inPort(in))
                    .actions(VifIngress.then(lp, gotoTable(INT_ARP_SPOOF.number()))).build());
        }
        for (String target : v6.prefixes()) {
            out.add(INT_ARP_SPOOF.flow(Priority.ALLOWED_NEIGHBOUR).cookie(cookie)
                    .match(m -> neighbourAdvertisement(m, in).ndTarget(target))
                    .actions(Stages.afterPortSecurity()).build());
        }
        for (String ip : v4.prefixes()) {
            out.add(INT_ARP_SPOOF.flow(Priority.ALLOWED_NEIGHBOUR).cookie(cookie)
                    .match(m -> m.ethType(Match.ETH_TYPE_ARP).inPort(in).arpSpa(ip))
                    .actions(gotoTable(INT_MAC_SPOOF.number())).build());
        }
        for (String mac : PortAddresses.macs(port)) {
            out.add(INT_MAC_SPOOF.flow(Priority.ALLOWED_SOURCE_MAC).cookie(cookie)
                    .match(m -> m.inPort(in).ethSrc(mac)).actions(Stages.afterPortSecurity()).build());
        }
        return out;
    }

    private static Match.Builder neighbourAdvertisement(Match.Builder m, int in) {
        return m.ethType(Match.ETH_TYPE_IPV6).ipProto(Match.IP_PROTO_ICMPV6).inPort(in)
                .icmpv6Type(Match.ICMPV6_NEIGHBOR_ADVERTISEMENT);
    }
}
