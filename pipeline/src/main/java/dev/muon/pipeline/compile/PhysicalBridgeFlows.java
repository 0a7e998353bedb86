package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.normal;
import static dev.muon.pipeline.flow.Action.popVlan;
import static dev.muon.pipeline.flow.Action.setVlanVid;
import static dev.muon.pipeline.flow.PipelineTable.PHYS_LOCAL_SWITCHING;

import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowBuilder;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A physical bridge (Neutron's br-ethX / br-ex), as the OVS agent programs it: frames from
 * br-int leave with their network's provider VLAN instead of the local one (untagged for
 * flat), frames from br-int on any other VLAN are dropped, and everything else (the NICs'
 * traffic) is switched NORMAL, towards br-int, which translates back.
 */
final class PhysicalBridgeFlows {
    private final NodeTopology topo;
    private final CookieBook cookies;

    PhysicalBridgeFlows(NodeTopology topo, CookieBook cookies) {
        this.topo = topo;
        this.cookies = cookies;
    }

    List<Flow> compile(PhysicalBridge pb) {
        List<Flow> flows = new ArrayList<>();
        long base = cookies.pipeline();
        flows.add(PHYS_LOCAL_SWITCHING.flow(0).cookie(base).actions(normal()).build());
        Optional<Integer> port = topo.ofport(pb.bridge(), pb.physicalPort());
        if (port.isEmpty()) {
            return flows;
        }
        int in = port.get();
        flows.add(PHYS_LOCAL_SWITCHING.flow(2).cookie(base).match(m -> m.inPort(in)).drop());
        for (Map.Entry<Network, Integer> e : topo.localNetworksOn(pb).entrySet()) {
            Network net = e.getKey();
            int local = e.getValue();
            FlowBuilder b = PHYS_LOCAL_SWITCHING.flow(4).cookie(cookies.network(net.id(), net.name()))
                    .match(m -> m.inPort(in).vlan(local));
            if (net.networkType() == NetworkType.FLAT) {
                b.action(popVlan());
            } else {
                b.action(setVlanVid(net.segmentationId()));
            }
            flows.add(b.action(normal()).build());
        }
        return flows;
    }
}
