package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.inPort;
import static dev.muon.pipeline.flow.Action.load;
import static dev.muon.pipeline.flow.Action.move;
import static dev.muon.pipeline.flow.Action.setField;
import static dev.muon.pipeline.flow.PipelineTable.INT_L3_INPUT;
import static dev.muon.pipeline.flow.PipelineTable.INT_L3_ROUTE;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.flow.Subfield;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A router's answers, on every node it routes on, in flows (no packet reaches the controller):
 * in its input (br-int 74) ARP for an interface address, and an ICMP echo to the gateway a VM
 * addressed, are turned into their replies in place; other IP to the interface MAC is routed
 * (the router's number into reg4, on to 77). An echo to another of the router's addresses is
 * answered in 77, once per (router, address) rather than per (interface, address), so the
 * flows grow with a router's interfaces, not with their square: the reply swaps the MACs
 * through reg2/reg3, as the interface the VM addressed is only known from the frame there.
 */
final class RouterResponders implements PipelineModule {
    static final int ECHO_REQUEST = 8;
    static final int ECHO_REPLY = 0;
    static final int REPLY_TTL = 64;

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        String br = Bridges.INTEGRATION;
        for (NodeRouters.LocalRouter r : ctx.routers().routers()) {
            long cookie = ctx.routerCookie(r.router());
            for (NodeRouters.Interface i : ctx.routers().localInterfaces(r)) {
                int lv = i.localVlan();
                String mac = i.mac();
                sink.add(br, INT_L3_INPUT.flow(Priority.ROUTER_RESPONDER).cookie(cookie)
                        .match(m -> m.reg(6, lv).ethType(Match.ETH_TYPE_ARP).arpOp(ArpReply.REQUEST).arpTpa(i.ip()))
                        .actions(ArpReply.answering(mac, i.ip()).toArray(Action[]::new)).build());
                sink.add(br, INT_L3_INPUT.flow(Priority.ROUTER_RESPONDER).cookie(cookie)
                        .match(m -> echo(m.reg(6, lv).ethDst(mac), i.ip()))
                        .actions(reply(List.of(move(Field.ETH_SRC, Field.ETH_DST), setField(Field.ETH_SRC, mac)),
                                i.ip())).build());
                sink.addShared(br, INT_L3_INPUT.flow(Priority.ROUTER_INPUT).cookie(cookie)
                        .match(m -> m.reg(6, lv).ethDst(mac).ethType(Match.ETH_TYPE_IPV4))
                        .actions(load(Subfield.whole(Field.REG4), r.number()), gotoTable(INT_L3_ROUTE.number())).build());
            }
            Set<String> addresses = new LinkedHashSet<>();
            r.interfaces().forEach(i -> addresses.add(i.ip()));
            if (r.gateway() != null) {
                addresses.add(r.gateway().ip());   // a VM pinging its router's external address
            }
            for (String address : addresses) {
                sink.add(br, INT_L3_ROUTE.flow(Priority.ROUTER_ECHO).cookie(cookie)
                        .match(m -> echo(m.reg(4, r.number()), address))
                        .actions(reply(SWAP_MACS, address)).build());
            }
        }
    }

    /** eth_dst (the interface the VM addressed) and eth_src swapped, through reg2 and reg3[0..15]. */
    private static final List<Action> SWAP_MACS = List.of(
            move(Subfield.bits(Field.ETH_DST, 0, 31), Subfield.whole(Field.REG2)),
            move(Subfield.bits(Field.ETH_DST, 32, 47), Subfield.bits(Field.REG3, 0, 15)),
            move(Field.ETH_SRC, Field.ETH_DST),
            move(Subfield.whole(Field.REG2), Subfield.bits(Field.ETH_SRC, 0, 31)),
            move(Subfield.bits(Field.REG3, 0, 15), Subfield.bits(Field.ETH_SRC, 32, 47)));

    private static Match.Builder echo(Match.Builder m, String address) {
        return m.ethType(Match.ETH_TYPE_IPV4).ipProto(Field.IP_PROTO_ICMP).ipv4Dst(address).icmpType(ECHO_REQUEST)
                .icmpCode(0);
    }

    /** The echo reply from {@code address}, back where the request came from, after {@code macs}. */
    private static Action[] reply(List<Action> macs, String address) {
        List<Action> a = new ArrayList<>(macs);
        a.add(move(Field.IPV4_SRC, Field.IPV4_DST));
        a.add(setField(Field.IPV4_SRC, address));
        a.add(setField(Field.ICMPV4_TYPE, Integer.toString(ECHO_REPLY)));
        a.add(setField(Field.NW_TTL, Integer.toString(REPLY_TTL)));
        a.add(inPort());
        return a.toArray(Action[]::new);
    }
}
