package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.PipelineTable.INT_ACCEPT_OR_INGRESS;
import static dev.muon.pipeline.flow.PipelineTable.INT_L3_INPUT;

import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Priority;

/**
 * The L3 hook (br-int 73): on a network with a router interface, a VM's frames to the
 * interface MAC and its ARP for the interface address go to the router (74); everything else
 * is switched (91).
 */
final class RouterHook implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        for (NodeRouters.Interface i : ctx.routers().localInterfaces()) {
            long cookie = ctx.routerCookie(i.router());
            int lv = i.localVlan();
            sink.addShared(Bridges.INTEGRATION, INT_ACCEPT_OR_INGRESS.flow(Priority.ROUTER_HOOK).cookie(cookie)
                    .match(m -> m.reg(6, lv).ethDst(i.mac())).actions(gotoTable(INT_L3_INPUT.number())).build());
            sink.add(Bridges.INTEGRATION, INT_ACCEPT_OR_INGRESS.flow(Priority.ROUTER_HOOK).cookie(cookie)
                    .match(m -> m.reg(6, lv).ethType(Match.ETH_TYPE_ARP).arpTpa(i.ip()))
                    .actions(gotoTable(INT_L3_INPUT.number())).build());
        }
    }
}
