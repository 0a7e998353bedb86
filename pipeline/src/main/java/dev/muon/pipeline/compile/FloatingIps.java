package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.load;
import static dev.muon.pipeline.flow.PipelineTable.INT_EXT_EGRESS;
import static dev.muon.pipeline.flow.PipelineTable.INT_EXT_INGRESS;
import static dev.muon.pipeline.flow.PipelineTable.INT_L3_ROUTE;
import static dev.muon.pipeline.flow.PipelineTable.INT_NAT_INGRESS;
import static dev.muon.pipeline.flow.PipelineTable.INT_SNAT_EGRESS;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Nat;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.flow.Subfield;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Floating IPs (seed 003 §4) with conntrack NAT in the router's zone, on the node serving each:
 * in from the external network (75) the floating IP is translated to the fixed IP and committed,
 * recirculating to 76 so routing (77) sees the fixed IP (l3-notes F4), and a stateless rewrite
 * is avoided because ICMP errors need their inner header translated too (F5); out (78 → 79,
 * above SNAT) the fixed IP's traffic is translated to the floating IP and leaves with the
 * floating IP port's MAC towards the upstream router.
 */
final class FloatingIps implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        String br = Bridges.INTEGRATION;
        for (NodeExternal.ServedFloatingIp f : ctx.external().floatingIps()) {
            NodeRouters.LocalRouter r = f.router();
            ExternalGateway g = f.gateway();
            long cookie = ctx.cookies().floatingIp(f.fip().id(), f.fip().floatingIpAddress());
            String fixed = f.fixedIp();
            sink.add(br, INT_EXT_INGRESS.flow(Priority.FLOATING_IP_INGRESS).cookie(cookie)
                    .match(m -> m.reg(6, g.localVlan()).ethDst(f.mac()).ethType(Match.ETH_TYPE_IPV4)
                            .ipv4Dst(f.fip().floatingIpAddress()))
                    .actions(load(Subfield.whole(Field.REG4), r.number()),
                            new Action.Ct(true, INT_NAT_INGRESS.number(), null, r.zone(), Nat.dst(fixed), List.of()))
                    .build());
            sink.add(br, INT_NAT_INGRESS.flow(Priority.FLOATING_IP_NEW).cookie(cookie)
                    .match(m -> m.reg(4, r.number()).ethType(Match.ETH_TYPE_IPV4).ctState("+new+trk").ipv4Dst(fixed))
                    .actions(gotoTable(INT_L3_ROUTE.number())).build());
            Snat.natReturn(ctx, sink, r);
            if (!ctx.external().snatRouters().contains(r)) {   // the SNAT node sends all of 78 to 79
                sink.add(br, INT_EXT_EGRESS.flow(Priority.FLOATING_IP_EGRESS).cookie(cookie)
                        .match(m -> m.reg(4, r.number()).ethType(Match.ETH_TYPE_IPV4).ipv4Src(fixed))
                        .actions(gotoTable(INT_SNAT_EGRESS.number())).build());
            }
            Optional<Integer> out = ctx.topo().ofport(br, g.bridge().integrationPort());
            if (g.canLeave() && out.isPresent()) {
                List<Action> a = new ArrayList<>();
                a.add(new Action.Ct(true, null, null, r.zone(), Nat.src(f.fip().floatingIpAddress()), List.of()));
                a.addAll(Snat.leave(g, f.mac(), out.get()));
                sink.add(br, INT_SNAT_EGRESS.flow(Priority.FLOATING_IP_OUT).cookie(cookie)
                        .match(m -> m.reg(4, r.number()).ethType(Match.ETH_TYPE_IPV4).ipv4Src(fixed))
                        .actions(a.toArray(Action[]::new)).build());
            }
        }
    }
}
