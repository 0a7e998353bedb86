package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.controller;
import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.load;
import static dev.muon.pipeline.flow.Action.popVlan;
import static dev.muon.pipeline.flow.PipelineTable.INT_EXT_INGRESS;
import static dev.muon.pipeline.flow.PipelineTable.INT_LOCAL_SWITCHING;
import static dev.muon.pipeline.flow.PipelineTable.PHYS_LOCAL_SWITCHING;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.FlowBuilder;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.flow.Subfield;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The addresses this node answers for on external networks — the gateway address of each router
 * whose SNAT it serves and each floating IP it serves — as Neutron's qg port and fip namespace
 * proxy-ARP do, in flows: ARP for them is answered on the physical bridge, from this node only;
 * IP to their MACs enters br-int's external ingress (75) on the network's local VLAN; ARP
 * replies to them (the upstream router answering the controller's request) go to the controller.
 */
final class ExternalAddresses implements PipelineModule {

    /** One address served here, with the gateway it belongs to and the cookie of what it serves. */
    record Served(ExternalGateway gateway, String ip, String mac, long cookie) {
    }

    /** Every external address this node serves: SNAT gateways first, then floating IPs. */
    static List<Served> served(CompileContext ctx) {
        List<Served> out = new ArrayList<>();
        for (NodeRouters.LocalRouter r : ctx.external().snatRouters()) {
            out.add(new Served(r.gateway(), r.gateway().ip(), r.gateway().mac(), ctx.routerCookie(r.router())));
        }
        for (NodeExternal.ServedFloatingIp f : ctx.external().floatingIps()) {
            out.add(new Served(f.gateway(), f.fip().floatingIpAddress(), f.mac(),
                    ctx.cookies().floatingIp(f.fip().id(), f.fip().floatingIpAddress())));
        }
        return out;
    }

    /** The served addresses this node can put on the wire, for the controller (upstream ARP, gratuitous ARP). */
    static List<ExternalAddress> of(CompileContext ctx) {
        List<ExternalAddress> out = new ArrayList<>();
        for (Served s : served(ctx)) {
            ExternalGateway g = s.gateway();
            ctx.topo().ofport(Bridges.INTEGRATION, g.bridge().integrationPort()).ifPresent(port ->
                    out.add(new ExternalAddress(s.ip(), s.mac(), g.subnetId(), g.upstreamIp(), port, g.localVlan())));
        }
        return out;
    }

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        for (Served s : served(ctx)) {
            ExternalGateway g = s.gateway();
            Optional<Integer> intPort = ctx.topo().ofport(Bridges.INTEGRATION, g.bridge().integrationPort());
            if (intPort.isEmpty()) {
                continue;
            }
            int in = intPort.get();
            List<Action> intake = new ArrayList<>();
            if (g.wireVlan() != null) {
                intake.add(popVlan());
            }
            intake.add(load(Subfield.whole(Field.REG6), g.localVlan()));
            intake.add(gotoTable(INT_EXT_INGRESS.number()));
            sink.add(Bridges.INTEGRATION, INT_LOCAL_SWITCHING.flow(Priority.EXTERNAL_TO_ROUTER).cookie(s.cookie())
                    .match(m -> wire(m.inPort(in), g).ethDst(s.mac()).ethType(Match.ETH_TYPE_IPV4))
                    .actions(intake.toArray(Action[]::new)).build());
            sink.add(Bridges.INTEGRATION, INT_LOCAL_SWITCHING.flow(Priority.UPSTREAM_ARP_REPLY).cookie(s.cookie())
                    .match(m -> wire(m.inPort(in), g).ethDst(s.mac()).ethType(Match.ETH_TYPE_ARP).arpOp(ArpReply.REPLY))
                    .actions(controller()).build());
            FlowBuilder arp = PHYS_LOCAL_SWITCHING.flow(Priority.EXTERNAL_ARP_RESPONDER).cookie(s.cookie())
                    .match(m -> wire(m, g).ethType(Match.ETH_TYPE_ARP).arpOp(ArpReply.REQUEST).arpTpa(s.ip()));
            sink.add(g.bridge().bridge(), arp.actions(ArpReply.answering(s.mac(), s.ip()).toArray(Action[]::new)).build());
        }
    }

    /** The external network's frames as they are on the wire: its VLAN, or untagged when flat. */
    private static Match.Builder wire(Match.Builder m, ExternalGateway g) {
        return g.wireVlan() == null ? m.untagged() : m.vlan(g.wireVlan());
    }
}
