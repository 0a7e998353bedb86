package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.controller;
import static dev.muon.pipeline.flow.Action.decTtl;
import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.load;
import static dev.muon.pipeline.flow.Action.move;
import static dev.muon.pipeline.flow.Action.setField;
import static dev.muon.pipeline.flow.PipelineTable.INT_EXT_EGRESS;
import static dev.muon.pipeline.flow.PipelineTable.INT_L3_NEIGHBOR;
import static dev.muon.pipeline.flow.PipelineTable.INT_L3_ROUTE;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.flow.Subfield;
import dev.muon.pipeline.model.HostRoute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Longest-prefix routing (br-int 77), per router, by priority 100 + prefix length: its
 * connected subnets (the next hop is the destination itself) and its extra routes (the next
 * hop is the route's nexthop, on a connected subnet). A routed packet's TTL is decremented
 * (one that expires goes to the controller, which answers ICMP time exceeded), its source
 * becomes the outgoing interface's MAC, reg6 the outgoing network's local VLAN and reg1 the
 * next hop's address, which L3_NEIGHBOR (80) resolves. A router with a gateway routes its
 * external subnet and everything else (the default route) to EXT_EGRESS (78), where a floating
 * IP or SNAT takes it out, wherever its SNAT is placed or this node reaches the external network. Where the way out has a smaller MTU
 * than some way in, check_pkt_larger marks a packet too big for it in reg0 bit 0 (80 sends it
 * to the controller for frag-needed, as OVN does). No route: the controller answers net
 * unreachable.
 */
final class Routing implements PipelineModule {
    /** Ethernet header: check_pkt_larger measures the frame, the MTU the IP packet. */
    static final int ETHERNET_HEADER = 14;
    static final Subfield TOO_BIG = Subfield.bits(Field.REG0, 0, 0);
    static final Subfield NEXT_HOP = Subfield.whole(Field.REG1);

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        List<NodeRouters.LocalRouter> routers = ctx.routers().routers();
        for (NodeRouters.LocalRouter r : routers) {
            long cookie = ctx.routerCookie(r.router());
            int largest = r.largestMtu();
            Set<Ipv4Prefix> routed = new HashSet<>();
            for (NodeRouters.Interface i : r.carried()) {
                if (routed.add(i.subnet())) {
                    sink.add(Bridges.INTEGRATION, route(r, i.subnet(), cookie)
                            .actions(out(i, largest, move(Field.IPV4_DST, Field.REG1))).build());
                }
            }
            List<HostRoute> extra = new ArrayList<>(r.router().routes());
            extra.sort(Comparator.comparing(HostRoute::destination).thenComparing(HostRoute::nexthop));
            for (HostRoute hr : extra) {
                Ipv4Prefix dst = Ipv4Prefix.parse(hr.destination());
                Optional<NodeRouters.Interface> via = r.towards(hr.nexthop());
                // a connected subnet wins over an extra route to it; of two next hops for one destination, the first
                if (dst != null && via.isPresent() && routed.add(dst)) {
                    long nexthop = Ipv4Prefix.address(hr.nexthop());
                    sink.add(Bridges.INTEGRATION, route(r, dst, cookie)
                            .actions(out(via.get(), largest, load(NEXT_HOP, nexthop))).build());
                }
            }
            // out by the gateway: the external subnet and the default route, unless routed above
            ExternalGateway g = r.gateway();
            if (g != null && (g.snatHost() != null || g.reachable())) {
                for (Ipv4Prefix dst : List.of(g.subnet(), Ipv4Prefix.parse("0.0.0.0/0"))) {
                    if (routed.add(dst)) {
                        sink.add(Bridges.INTEGRATION, route(r, dst, cookie)
                                .actions(decTtl(), gotoTable(INT_EXT_EGRESS.number())).build());
                    }
                }
            }
        }
        if (!routers.isEmpty()) {
            sink.add(Bridges.INTEGRATION, INT_L3_ROUTE.flow(Priority.NO_ROUTE).cookie(ctx.cookies().pipeline())
                    .match(m -> m.ethType(Match.ETH_TYPE_IPV4)).actions(controller()).build());
        }
    }

    private static dev.muon.pipeline.flow.FlowBuilder route(NodeRouters.LocalRouter r, Ipv4Prefix dst, long cookie) {
        return INT_L3_ROUTE.flow(Priority.ROUTE_PREFIX, dst.length()).cookie(cookie)
                .match(m -> {
                    m.reg(4, r.number()).ethType(Match.ETH_TYPE_IPV4);
                    return dst.length() == 0 ? m : m.ipv4Dst(dst.text());
                });
    }

    private static Action[] out(NodeRouters.Interface via, int largestMtu, Action nextHop) {
        List<Action> a = new ArrayList<>();
        a.add(decTtl());
        a.add(setField(Field.ETH_SRC, via.mac()));
        a.add(load(Subfield.whole(Field.REG6), via.localVlan()));
        a.add(nextHop);
        if (via.network().mtu() < largestMtu) {
            a.add(new Action.CheckPktLarger(via.network().mtu() + ETHERNET_HEADER, TOO_BIG));
        }
        a.add(gotoTable(INT_L3_NEIGHBOR.number()));
        return a.toArray(Action[]::new);
    }
}
