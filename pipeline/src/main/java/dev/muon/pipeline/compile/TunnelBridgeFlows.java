package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.inPort;
import static dev.muon.pipeline.flow.Action.move;
import static dev.muon.pipeline.flow.Action.output;
import static dev.muon.pipeline.flow.Action.popVlan;
import static dev.muon.pipeline.flow.Action.pushVlan;
import static dev.muon.pipeline.flow.Action.setField;
import static dev.muon.pipeline.flow.Action.setTunnelId;
import static dev.muon.pipeline.flow.Action.setVlanVid;
import static dev.muon.pipeline.flow.PipelineTable.TUN_ARP_RESPONDER;
import static dev.muon.pipeline.flow.PipelineTable.TUN_DVR_NOT_LEARN;
import static dev.muon.pipeline.flow.PipelineTable.TUN_FLOOD_TO_TUN;
import static dev.muon.pipeline.flow.PipelineTable.TUN_LEARN_FROM_TUN;
import static dev.muon.pipeline.flow.PipelineTable.TUN_LOCAL;
import static dev.muon.pipeline.flow.PipelineTable.TUN_PATCH_LV_TO_TUN;
import static dev.muon.pipeline.flow.PipelineTable.TUN_UCAST_TO_TUN;
import static dev.muon.pipeline.flow.PipelineTable.TUN_VXLAN_TUN_TO_LV;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Action.Field;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowBuilder;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.NodeState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * br-tun, as Neutron's br_tun with l2population and arp_responder, except that nothing is
 * learned: table 20 holds every remote MAC of every local VXLAN network, table 21 answers
 * ARP requests for every remote port's fixed IPv4 addresses in place, and table 22 floods
 * only to the nodes where a network has ports, all straight from the model.
 *
 * <p>The ARP responder answers for remote ports only, as Neutron's l2population: a local
 * port answers for itself over br-int (a second, synthetic answer would duplicate it and
 * would answer the port's own duplicate-address probes). Allowed address pairs are not
 * answered either: their MAC may move (VRRP), so their ARP floods like an unknown IP's.
 */
final class TunnelBridgeFlows {
    private static final String UNICAST = "00:00:00:00:00:00";
    private static final String MULTICAST = "01:00:00:00:00:00";
    private static final String BROADCAST = "ff:ff:ff:ff:ff:ff";
    private static final int ARP_REQUEST = 1;
    private static final int ARP_REPLY = 2;

    private final NodeTopology topo;
    private final CookieBook cookies;

    TunnelBridgeFlows(NodeTopology topo, CookieBook cookies) {
        this.topo = topo;
        this.cookies = cookies;
    }

    List<Flow> compile() {
        Optional<Integer> patchInt = topo.ofport(Bridges.TUNNEL, Bridges.PATCH_INT);
        if (patchInt.isEmpty()) {
            return List.of();   // nothing can flow before the patch port exists
        }
        List<Flow> flows = new ArrayList<>(staticTables(patchInt.get()));
        for (NodeState remote : topo.tunnelEndpoints()) {
            topo.tunnelOfport(remote.hostname()).ifPresent(tun -> flows.add(
                    TUN_LOCAL.flow(1).cookie(cookies.node(remote.hostname()))
                            .match(m -> m.inPort(tun)).actions(gotoTable(4)).build()));
        }
        for (Map.Entry<Network, Integer> e : topo.localNetworks().entrySet()) {
            if (e.getKey().networkType() == NetworkType.VXLAN) {
                flows.addAll(networkFlows(e.getKey(), e.getValue()));
            }
        }
        return flows;
    }

    private List<Flow> staticTables(int patchInt) {
        long c = cookies.pipeline();
        return List.of(
                TUN_LOCAL.flow(1).cookie(c).match(m -> m.inPort(patchInt)).actions(gotoTable(2)).build(),
                TUN_LOCAL.flow(0).cookie(c).drop(),
                TUN_PATCH_LV_TO_TUN.flow(1).cookie(c).match(m -> m.ethType(Match.ETH_TYPE_ARP).ethDst(BROADCAST))
                        .actions(gotoTable(21)).build(),
                TUN_PATCH_LV_TO_TUN.flow(0).cookie(c).match(m -> m.ethDst(UNICAST, MULTICAST)).actions(gotoTable(20)).build(),
                TUN_PATCH_LV_TO_TUN.flow(0).cookie(c).match(m -> m.ethDst(MULTICAST, MULTICAST)).actions(gotoTable(22)).build(),
                TUN_VXLAN_TUN_TO_LV.flow(0).cookie(c).drop(),
                TUN_DVR_NOT_LEARN.flow(0).cookie(c).actions(gotoTable(10)).build(),
                TUN_LEARN_FROM_TUN.flow(1).cookie(c).actions(output(patchInt)).build(),
                TUN_UCAST_TO_TUN.flow(0).cookie(c).actions(gotoTable(22)).build(),
                TUN_ARP_RESPONDER.flow(0).cookie(c).actions(gotoTable(22)).build(),
                TUN_FLOOD_TO_TUN.flow(0).cookie(c).drop());
    }

    private List<Flow> networkFlows(Network net, int vlan) {
        long vni = net.segmentationId();
        long c = cookies.network(net.id(), net.name());
        List<Flow> flows = new ArrayList<>();
        flows.add(TUN_VXLAN_TUN_TO_LV.flow(1).cookie(c).match(m -> m.tunId(vni))
                .actions(pushVlan(), setVlanVid(vlan), gotoTable(9)).build());
        for (Port remote : topo.remotePorts(net.id())) {
            int tun = topo.tunnelOfport(remote.bindingHostId()).orElseThrow();
            String mac = remote.macAddress().toLowerCase();
            long portCookie = cookies.port(remote.id(), remote.name());
            flows.add(TUN_UCAST_TO_TUN.flow(2).cookie(portCookie)
                    .match(m -> m.vlan(vlan).ethDst(mac))
                    .actions(popVlan(), setTunnelId(vni), output(tun)).build());
            for (String ip : PortAddresses.fixedIpv4(remote)) {
                flows.add(TUN_ARP_RESPONDER.flow(1).cookie(portCookie)
                        .match(m -> m.ethType(Match.ETH_TYPE_ARP).vlan(vlan).arpOp(ARP_REQUEST).arpTpa(ip))
                        .actions(arpReply(mac, ip)).build());
            }
        }
        List<Integer> flood = topo.floodTunnels(net.id());
        if (!flood.isEmpty()) {
            FlowBuilder b = TUN_FLOOD_TO_TUN.flow(1).cookie(c).match(m -> m.vlan(vlan))
                    .actions(popVlan(), setTunnelId(vni));
            flood.forEach(t -> b.action(output(t)));
            flows.add(b.build());
        }
        return flows;
    }

    /**
     * Turns the ARP request into the reply {@code mac} would send for {@code ip} and returns
     * it where it came from: Neutron's action list, with OpenFlow 1.3 set_field for its loads.
     */
    private static Action[] arpReply(String mac, String ip) {
        return new Action[] {
            move(Field.ETH_SRC, Field.ETH_DST),
            setField(Field.ETH_SRC, mac),
            setField(Field.ARP_OP, Integer.toString(ARP_REPLY)),
            move(Field.ARP_SHA, Field.ARP_THA),
            move(Field.ARP_SPA, Field.ARP_TPA),
            setField(Field.ARP_SHA, mac),
            setField(Field.ARP_SPA, ip),
            inPort()};
    }
}
