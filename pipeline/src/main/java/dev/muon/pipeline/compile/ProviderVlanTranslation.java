package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.popVlan;
import static dev.muon.pipeline.flow.Action.pushVlan;
import static dev.muon.pipeline.flow.Action.setVlanVid;
import static dev.muon.pipeline.flow.PipelineTable.INT_LOCAL_SWITCHING;
import static dev.muon.pipeline.flow.PipelineTable.INT_TRANSIENT;
import static dev.muon.pipeline.flow.PipelineTable.PHYS_DVR_PROCESS;
import static dev.muon.pipeline.flow.PipelineTable.PHYS_LOCAL_SWITCHING;

import dev.muon.pipeline.flow.FlowBuilder;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkType;
import java.util.Map;
import java.util.Optional;

/**
 * Neutron's provision_local_vlan for VLAN and flat networks, on both sides of each
 * int-/phy- patch pair: frames from a physical bridge are admitted into br-int only with the
 * provider VLAN (or none, for flat) of a network this node has ports on, translated to its
 * local VLAN; frames from br-int leave the physical bridge with the provider VLAN (untagged
 * for flat), after DVR processing (1), and any other VLAN from br-int is dropped there.
 */
final class ProviderVlanTranslation implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        NodeTopology topo = ctx.topo();
        long base = ctx.cookies().pipeline();
        for (PhysicalBridge pb : topo.physicalBridges()) {
            Map<Network, Integer> networks = topo.localNetworksOn(pb);
            Optional<Integer> intPort = topo.ofport(Bridges.INTEGRATION, pb.integrationPort());
            if (intPort.isPresent()) {
                int in = intPort.get();
                sink.add(Bridges.INTEGRATION, INT_LOCAL_SWITCHING.flow(Priority.PORT_DROP).cookie(base)
                        .match(m -> m.inPort(in)).drop());
                networks.forEach((net, local) -> sink.add(Bridges.INTEGRATION, intoIntegration(ctx, net, local, in)));
            }
            Optional<Integer> phyPort = topo.ofport(pb.bridge(), pb.physicalPort());
            if (phyPort.isPresent()) {
                int in = phyPort.get();
                sink.add(pb.bridge(), PHYS_LOCAL_SWITCHING.flow(Priority.FROM_INTEGRATION_DROP).cookie(base)
                        .match(m -> m.inPort(in)).drop());
                networks.forEach((net, local) -> sink.add(pb.bridge(), outOfPhysical(ctx, net, local, in)));
                // routed frames leave on networks a local router reaches, even without a port here,
                // and on the external networks of local routers (SNAT, floating IPs)
                Map<Network, Integer> leaving = new java.util.LinkedHashMap<>(ctx.routers().routedOnlyNetworks());
                for (NodeRouters.LocalRouter r : ctx.routers().routers()) {
                    ExternalGateway g = r.gateway();
                    if (g != null && g.reachable() && !networks.containsKey(g.network())) {
                        leaving.putIfAbsent(g.network(), g.localVlan());
                    }
                }
                leaving.forEach((net, local) -> {
                    if (net.networkType() != NetworkType.VXLAN && pb.physnet().equals(net.physicalNetwork())) {
                        sink.add(pb.bridge(), outOfPhysical(ctx, net, local, in));
                    }
                });
            }
        }
    }

    private static dev.muon.pipeline.flow.Flow intoIntegration(CompileContext ctx, Network net, int local, int in) {
        FlowBuilder b = INT_LOCAL_SWITCHING.flow(Priority.PROVIDER_TO_LOCAL_VLAN).cookie(ctx.cookies().network(net.id(), net.name()));
        if (net.networkType() == NetworkType.FLAT) {
            b.match(m -> m.inPort(in).untagged()).action(pushVlan());
        } else {
            b.match(m -> m.inPort(in).vlan(net.segmentationId()));
        }
        return b.actions(setVlanVid(local), gotoTable(INT_TRANSIENT.number())).build();
    }

    private static dev.muon.pipeline.flow.Flow outOfPhysical(CompileContext ctx, Network net, int local, int in) {
        FlowBuilder b = PHYS_LOCAL_SWITCHING.flow(Priority.LOCAL_TO_PROVIDER_VLAN).cookie(ctx.cookies().network(net.id(), net.name()))
                .match(m -> m.inPort(in).vlan(local));
        b.action(net.networkType() == NetworkType.FLAT ? popVlan() : setVlanVid(net.segmentationId()));
        return b.action(gotoTable(PHYS_DVR_PROCESS.number())).build();
    }
}
