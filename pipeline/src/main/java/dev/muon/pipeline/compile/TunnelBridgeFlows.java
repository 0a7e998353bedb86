package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.output;
import static dev.muon.pipeline.flow.Action.popVlan;
import static dev.muon.pipeline.flow.Action.pushVlan;
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

import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowBuilder;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.NodeState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * br-tun, as Neutron's br_tun with l2population, except that nothing is learned: table 20
 * holds every remote MAC of every local network and table 22 floods only to the nodes
 * where a network has ports, both straight from the model.
 */
final class TunnelBridgeFlows {
    private static final String UNICAST = "00:00:00:00:00:00";
    private static final String MULTICAST = "01:00:00:00:00:00";

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
        for (NodeState remote : topo.remoteNodes()) {
            topo.tunnelOfport(remote.hostname()).ifPresent(tun -> flows.add(
                    TUN_LOCAL.flow(1).cookie(cookies.node(remote.hostname()))
                            .match(m -> m.inPort(tun)).actions(gotoTable(4)).build()));
        }
        for (Map.Entry<Network, Integer> e : topo.localNetworks().entrySet()) {
            flows.addAll(networkFlows(e.getKey(), e.getValue()));
        }
        return flows;
    }

    private List<Flow> staticTables(int patchInt) {
        long c = cookies.pipeline();
        return List.of(
                TUN_LOCAL.flow(1).cookie(c).match(m -> m.inPort(patchInt)).actions(gotoTable(2)).build(),
                TUN_LOCAL.flow(0).cookie(c).drop(),
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
            flows.add(TUN_UCAST_TO_TUN.flow(2).cookie(cookies.port(remote.id(), remote.name()))
                    .match(m -> m.vlan(vlan).ethDst(mac))
                    .actions(popVlan(), setTunnelId(vni), output(tun)).build());
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

}
