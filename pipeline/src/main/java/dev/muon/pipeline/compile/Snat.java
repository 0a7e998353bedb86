package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.load;
import static dev.muon.pipeline.flow.Action.output;
import static dev.muon.pipeline.flow.Action.popVlan;
import static dev.muon.pipeline.flow.Action.pushVlan;
import static dev.muon.pipeline.flow.Action.setField;
import static dev.muon.pipeline.flow.Action.setTunnelId;
import static dev.muon.pipeline.flow.Action.setVlanVid;
import static dev.muon.pipeline.flow.PipelineTable.INT_DVR_TO_SRC_MAC;
import static dev.muon.pipeline.flow.PipelineTable.INT_DVR_TO_SRC_MAC_VLAN;
import static dev.muon.pipeline.flow.PipelineTable.INT_EXT_EGRESS;
import static dev.muon.pipeline.flow.PipelineTable.INT_EXT_INGRESS;
import static dev.muon.pipeline.flow.PipelineTable.INT_L3_ROUTE;
import static dev.muon.pipeline.flow.PipelineTable.INT_NAT_INGRESS;
import static dev.muon.pipeline.flow.PipelineTable.INT_SNAT_EGRESS;
import static dev.muon.pipeline.flow.PipelineTable.TUN_UCAST_TO_TUN;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.FlowBuilder;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Nat;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.flow.Subfield;
import dev.muon.pipeline.model.NetworkType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Centralized SNAT (seed 003 §3), in flows, on the node the controller placed a router's gateway
 * on. Other nodes send the router's default-routed traffic there (78): still routed by their own
 * router copy, it leaves with the router interface MAC as source (so DVR processing swaps in the
 * node's DVR MAC, as for any routed frame) and the gateway port's MAC as destination, on the
 * source network's segment; Neutron has a router_centralized_snat port per interface for this,
 * one MAC per router does here. On the SNAT node it arrives in DVR_TO_SRC_MAC (1/2) and, like its
 * own VMs' traffic, leaves in 79 through conntrack's source NAT to the gateway address in the
 * router's zone, towards the upstream router's MAC. Replies to the gateway address are un-NATed
 * in the same zone (75, recirculating to 76 so the translated address is what routing sees) and
 * routed to the VM; nothing else to the gateway address gets in. Without SNAT the router just
 * routes in and out by its gateway.
 */
final class Snat implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        boolean nat = false;
        for (NodeRouters.LocalRouter r : ctx.routers().routers()) {
            ExternalGateway g = r.gateway();
            if (g == null) {
                continue;
            }
            if (ctx.external().snatRouters().contains(r)) {
                serve(ctx, sink, r);
                nat |= g.snat();
            } else if (g.snatHost() != null) {
                redirect(ctx, sink, r);
            }
        }
        if (nat || !ctx.external().floatingIps().isEmpty()) {
            sink.add(Bridges.INTEGRATION, INT_NAT_INGRESS.flow(Priority.NAT_INVALID_DROP).cookie(ctx.cookies().pipeline())
                    .match(m -> m.ethType(Match.ETH_TYPE_IPV4).ctState("+inv+trk")).drop());
        }
    }

    /** The SNAT node: default-routed traffic, its own and other nodes', out through NAT; replies back in. */
    private static void serve(CompileContext ctx, PipelineSink sink, NodeRouters.LocalRouter r) {
        ExternalGateway g = r.gateway();
        long cookie = ctx.routerCookie(r.router());
        String br = Bridges.INTEGRATION;
        sink.add(br, INT_EXT_EGRESS.flow(Priority.SNAT_REDIRECT).cookie(cookie)
                .match(m -> m.reg(4, r.number()).ethType(Match.ETH_TYPE_IPV4))
                .actions(gotoTable(INT_SNAT_EGRESS.number())).build());
        List<Action> arrive = List.of(load(Subfield.whole(Field.REG4), r.number()), gotoTable(INT_SNAT_EGRESS.number()));
        for (NodeRouters.Interface i : perNetwork(r.carried()).values()) {
            if (i.network().networkType() == NetworkType.VXLAN) {
                sink.add(br, INT_DVR_TO_SRC_MAC.flow(Priority.SNAT_ARRIVAL).cookie(cookie)
                        .match(m -> m.vlan(i.localVlan()).ethDst(g.mac()))
                        .action(popVlan()).actions(arrive.toArray(Action[]::new)).build());
                continue;
            }
            for (PhysicalBridge pb : ctx.topo().physicalBridges()) {
                if (!pb.physnet().equals(i.network().physicalNetwork())) {
                    continue;
                }
                ctx.topo().ofport(br, pb.integrationPort()).ifPresent(in -> {
                    FlowBuilder b = INT_DVR_TO_SRC_MAC_VLAN.flow(Priority.SNAT_ARRIVAL_VLAN).cookie(cookie);
                    if (i.network().networkType() == NetworkType.FLAT) {
                        b.match(m -> m.inPort(in).untagged().ethDst(g.mac()));
                    } else {
                        b.match(m -> m.inPort(in).vlan(i.network().segmentationId()).ethDst(g.mac())).action(popVlan());
                    }
                    sink.add(br, b.actions(arrive.toArray(Action[]::new)).build());
                });
            }
        }
        Optional<Integer> out = ctx.topo().ofport(br, g.bridge().integrationPort());
        if (g.canLeave() && out.isPresent()) {
            List<Action> a = new ArrayList<>();
            if (g.snat()) {
                a.add(new Action.Ct(true, null, null, r.zone(), Nat.src(g.ip()), List.of()));
            }
            a.addAll(leave(g, g.mac(), out.get()));
            sink.add(br, INT_SNAT_EGRESS.flow(Priority.SNAT).cookie(cookie)
                    .match(m -> m.reg(4, r.number()).ethType(Match.ETH_TYPE_IPV4))
                    .actions(a.toArray(Action[]::new)).build());
        }
        if (g.snat()) {
            sink.add(br, INT_EXT_INGRESS.flow(Priority.GATEWAY_INGRESS).cookie(cookie)
                    .match(m -> m.reg(6, g.localVlan()).ethDst(g.mac()).ethType(Match.ETH_TYPE_IPV4).ipv4Dst(g.ip()))
                    .actions(load(Subfield.whole(Field.REG4), r.number()),
                            new Action.Ct(false, INT_NAT_INGRESS.number(), null, r.zone(), Nat.existing(), List.of()))
                    .build());
            natReturn(ctx, sink, r);
        } else {
            sink.add(br, INT_EXT_INGRESS.flow(Priority.ROUTED_INGRESS).cookie(cookie)
                    .match(m -> m.reg(6, g.localVlan()).ethDst(g.mac()).ethType(Match.ETH_TYPE_IPV4))
                    .actions(load(Subfield.whole(Field.REG4), r.number()), gotoTable(INT_L3_ROUTE.number())).build());
        }
    }

    /** Another node: the router's default-routed traffic from the networks with ports here, to its SNAT node. */
    private static void redirect(CompileContext ctx, PipelineSink sink, NodeRouters.LocalRouter r) {
        ExternalGateway g = r.gateway();
        long cookie = ctx.routerCookie(r.router());
        NodeTopology topo = ctx.topo();
        for (NodeRouters.Interface i : perNetwork(ctx.routers().localInterfaces(r)).values()) {
            Optional<Integer> way = Optional.empty();
            if (i.network().networkType() == NetworkType.VXLAN) {
                Optional<Integer> tunnel = topo.tunnelOfport(g.snatHost());
                if (tunnel.isPresent() && ctx.programs(Bridges.TUNNEL)) {
                    way = topo.ofport(Bridges.INTEGRATION, Bridges.PATCH_TUN);
                    long vni = i.network().segmentationId();
                    sink.add(Bridges.TUNNEL, TUN_UCAST_TO_TUN.flow(Priority.REMOTE_MAC).cookie(cookie)
                            .match(m -> m.vlan(i.localVlan()).ethDst(g.mac()))
                            .actions(popVlan(), setTunnelId(vni), output(tunnel.get())).build());
                }
            } else {
                way = topo.physicalBridges().stream().filter(pb -> pb.physnet().equals(i.network().physicalNetwork()))
                        .findFirst().flatMap(pb -> topo.ofport(Bridges.INTEGRATION, pb.integrationPort()));
            }
            way.ifPresent(port -> sink.add(Bridges.INTEGRATION, INT_EXT_EGRESS.flow(Priority.SNAT_REDIRECT).cookie(cookie)
                    .match(m -> m.reg(4, r.number()).reg(6, i.localVlan()).ethType(Match.ETH_TYPE_IPV4))
                    .actions(setField(Field.ETH_SRC, i.mac()), setField(Field.ETH_DST, g.mac()), pushVlan(),
                            setVlanVid(i.localVlan()), output(port)).build()));
        }
    }

    /**
     * After un-NAT in the router's zone: replies and related ICMP routed on to the VM (77);
     * shared by SNAT and floating IPs served here.
     */
    static void natReturn(CompileContext ctx, PipelineSink sink, NodeRouters.LocalRouter r) {
        long cookie = ctx.routerCookie(r.router());
        for (String state : List.of("+est+trk", "+rel+trk")) {
            sink.addShared(Bridges.INTEGRATION, INT_NAT_INGRESS.flow(Priority.NAT_RETURN).cookie(cookie)
                    .match(m -> m.reg(4, r.number()).ethType(Match.ETH_TYPE_IPV4).ctState(state))
                    .actions(gotoTable(INT_L3_ROUTE.number())).build());
        }
    }

    /** Out of br-int onto the external network: from {@code mac} to the upstream router, on its local VLAN. */
    static List<Action> leave(ExternalGateway g, String mac, int port) {
        return List.of(setField(Field.ETH_SRC, mac), setField(Field.ETH_DST, g.upstreamMac()), pushVlan(),
                setVlanVid(g.localVlan()), output(port));
    }

    /** One interface per network (the first): the router is reached on a network by any of its MACs there. */
    private static Map<String, NodeRouters.Interface> perNetwork(List<NodeRouters.Interface> interfaces) {
        Map<String, NodeRouters.Interface> out = new LinkedHashMap<>();
        interfaces.forEach(i -> out.putIfAbsent(i.network().id(), i));
        return out;
    }
}
