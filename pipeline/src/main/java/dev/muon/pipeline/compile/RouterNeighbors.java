package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.controller;
import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.load;
import static dev.muon.pipeline.flow.Action.output;
import static dev.muon.pipeline.flow.Action.pushVlan;
import static dev.muon.pipeline.flow.Action.setField;
import static dev.muon.pipeline.flow.Action.setVlanVid;
import static dev.muon.pipeline.flow.PipelineTable.INT_BASE_INGRESS;
import static dev.muon.pipeline.flow.PipelineTable.INT_L3_NEIGHBOR;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.flow.Subfield;
import dev.muon.pipeline.model.DeviceOwner;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.Port;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The next hop's MAC, from the model rather than ARP (br-int 80): for every port on every
 * network a local router reaches, (reg6 = its network's local VLAN, reg1 = its address) sets the
 * destination MAC and delivers: to a local port through the ingress stage (81) with the port in
 * reg5; to a remote one tagged with the local VLAN into br-tun or the network's physical bridge,
 * where DVR processing swaps in this node's DVR MAC and L2 population finds its node. A packet
 * routing marked too big for its way out goes to the controller first (frag-needed).
 */
final class RouterNeighbors implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        NodeRouters routers = ctx.routers();
        if (routers.routers().isEmpty()) {
            return;
        }
        NodeTopology topo = ctx.topo();
        Map<String, LocalPort> local = new HashMap<>();
        topo.localPorts().forEach(lp -> local.put(lp.port().id(), lp));
        routers.routedNetworks().forEach((net, lv) -> {
            Set<String> remoteTunnelled = new HashSet<>();
            if (net.networkType() == NetworkType.VXLAN) {
                topo.remotePorts(net.id()).forEach(p -> remoteTunnelled.add(p.id()));
            }
            for (Port p : topo.model().portsOf(net.id())) {
                if (DeviceOwner.ROUTER_INTERFACE_OWNERS.contains(p.deviceOwner())) {
                    continue;
                }
                Optional<Action[]> deliver = deliver(ctx, net, lv, p, local.get(p.id()), remoteTunnelled);
                if (deliver.isEmpty()) {
                    continue;
                }
                long cookie = ctx.cookies().port(p.id(), p.name());
                for (String ip : PortAddresses.fixedIpv4(p)) {
                    long address = Ipv4Prefix.address(ip);
                    sink.add(Bridges.INTEGRATION, INT_L3_NEIGHBOR.flow(Priority.NEIGHBOR).cookie(cookie)
                            .match(m -> m.reg(6, lv).reg(1, address).ethType(Match.ETH_TYPE_IPV4))
                            .actions(deliver.get()).build());
                }
            }
        });
        sink.add(Bridges.INTEGRATION, INT_L3_NEIGHBOR.flow(Priority.TOO_BIG).cookie(ctx.cookies().pipeline())
                .match(m -> m.reg(0, 1, 1).ethType(Match.ETH_TYPE_IPV4)).actions(controller()).build());
    }

    /** How a routed packet reaches {@code p}, or empty when this node cannot reach it (not up, no tunnel, no mapping). */
    private static Optional<Action[]> deliver(CompileContext ctx, Network net, int lv, Port p, LocalPort local,
                                              Set<String> remoteTunnelled) {
        Action mac = setField(Field.ETH_DST, p.macAddress().toLowerCase());
        if (local != null) {
            return Optional.of(new Action[] {mac, load(Subfield.whole(Field.REG5), local.ofport()),
                    gotoTable(INT_BASE_INGRESS.number())});
        }
        NodeTopology topo = ctx.topo();
        Optional<Integer> way = Optional.empty();
        if (net.networkType() == NetworkType.VXLAN) {
            if (remoteTunnelled.contains(p.id())) {
                way = topo.ofport(Bridges.INTEGRATION, Bridges.PATCH_TUN);
            }
        } else if (p.isBound() && !p.bindingHostId().equals(topo.hostname()) && p.adminStateUp()
                && "ACTIVE".equals(p.status())) {
            way = topo.physicalBridges().stream().filter(pb -> pb.physnet().equals(net.physicalNetwork()))
                    .findFirst().flatMap(pb -> topo.ofport(Bridges.INTEGRATION, pb.integrationPort()));
        }
        return way.map(port -> new Action[] {mac, pushVlan(), setVlanVid(lv), output(port)});
    }
}
