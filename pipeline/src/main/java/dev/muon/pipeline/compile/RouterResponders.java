package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.inPort;
import static dev.muon.pipeline.flow.Action.load;
import static dev.muon.pipeline.flow.Action.move;
import static dev.muon.pipeline.flow.Action.setField;
import static dev.muon.pipeline.flow.PipelineTable.INT_L3_INPUT;
import static dev.muon.pipeline.flow.PipelineTable.INT_L3_ROUTE;

import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.flow.Subfield;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A router's input (br-int 74), on every node it routes on: ARP for an interface address is
 * answered in place (the one ARP reply builder), an ICMP echo to any of the router's addresses
 * through the interface MAC is turned into its reply in place (no packet reaches the
 * controller for either), and other IP to the interface MAC is routed: the router's number goes
 * into reg4 and routing (77) follows.
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
            Set<String> addresses = new LinkedHashSet<>();
            r.interfaces().forEach(i -> addresses.add(i.ip()));
            for (NodeRouters.Interface i : ctx.routers().localInterfaces(r)) {
                int lv = i.localVlan();
                String mac = i.mac();
                sink.add(br, INT_L3_INPUT.flow(Priority.ROUTER_RESPONDER).cookie(cookie)
                        .match(m -> m.reg(6, lv).ethType(Match.ETH_TYPE_ARP).arpOp(ArpReply.REQUEST).arpTpa(i.ip()))
                        .actions(ArpReply.answering(mac, i.ip()).toArray(dev.muon.pipeline.flow.Action[]::new)).build());
                for (String address : addresses) {
                    sink.addShared(br, INT_L3_INPUT.flow(Priority.ROUTER_RESPONDER).cookie(cookie)
                            .match(m -> m.reg(6, lv).ethDst(mac).ethType(Match.ETH_TYPE_IPV4).ipProto(Field.IP_PROTO_ICMP)
                                    .ipv4Dst(address).icmpType(ECHO_REQUEST).icmpCode(0))
                            .actions(move(Field.ETH_SRC, Field.ETH_DST), setField(Field.ETH_SRC, mac),
                                    move(Field.IPV4_SRC, Field.IPV4_DST), setField(Field.IPV4_SRC, address),
                                    setField(Field.ICMPV4_TYPE, Integer.toString(ECHO_REPLY)),
                                    setField(Field.NW_TTL, Integer.toString(REPLY_TTL)), inPort())
                            .build());
                }
                sink.addShared(br, INT_L3_INPUT.flow(Priority.ROUTER_INPUT).cookie(cookie)
                        .match(m -> m.reg(6, lv).ethDst(mac).ethType(Match.ETH_TYPE_IPV4))
                        .actions(load(Subfield.whole(Field.REG4), r.number()), gotoTable(INT_L3_ROUTE.number())).build());
            }
        }
    }
}
