package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.popVlan;
import static dev.muon.pipeline.flow.Action.setField;
import static dev.muon.pipeline.flow.PipelineTable.INT_BASE_INGRESS;
import static dev.muon.pipeline.flow.PipelineTable.INT_DVR_TO_SRC_MAC;
import static dev.muon.pipeline.flow.PipelineTable.INT_DVR_TO_SRC_MAC_VLAN;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.FlowBuilder;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.NetworkType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Neutron's DVR_TO_SRC_MAC (br-int table 1, from br-tun) and DVR_TO_SRC_MAC_VLAN (table 2, from
 * a physical bridge): a frame another node routed to a local VM arrives with that node's DVR
 * MAC as source; it leaves with the VM's gateway MAC instead, as if this node's router had
 * routed it (seed 003: {@code strip_vlan,mod_dl_src:<qr MAC>,output:<VM>}), through the
 * ingress stage (81) with its port in reg5.
 */
final class DvrDelivery implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        NodeRouters routers = ctx.routers();
        for (LocalPort lp : ctx.topo().localPorts()) {
            Optional<String> ip = PortAddresses.fixedIpv4(lp.port()).stream().findFirst();
            Optional<NodeRouters.Interface> gw = ip.flatMap(a -> routers.gatewayOf(lp.network().id(), a));
            if (gw.isEmpty()) {
                continue;
            }
            long cookie = ctx.cookies().port(lp.port().id(), lp.port().name());
            String mac = lp.port().macAddress().toLowerCase();
            List<Action> deliver = new ArrayList<>();
            deliver.add(setField(Field.ETH_SRC, gw.get().mac()));
            deliver.addAll(VifIngress.registers(lp.ofport(), lp.localVlan()));
            deliver.add(gotoTable(INT_BASE_INGRESS.number()));
            NetworkType type = lp.network().networkType();
            if (type == NetworkType.VXLAN) {
                sink.add(Bridges.INTEGRATION, INT_DVR_TO_SRC_MAC.flow(Priority.DVR_DELIVER_LOCAL).cookie(cookie)
                        .match(m -> m.vlan(lp.localVlan()).ethDst(mac))
                        .action(popVlan()).actions(deliver.toArray(Action[]::new)).build());
                continue;
            }
            for (PhysicalBridge pb : ctx.topo().physicalBridges()) {
                if (!pb.physnet().equals(lp.network().physicalNetwork())) {
                    continue;
                }
                ctx.topo().ofport(Bridges.INTEGRATION, pb.integrationPort()).ifPresent(in -> {
                    FlowBuilder b = INT_DVR_TO_SRC_MAC_VLAN.flow(Priority.DVR_DELIVER_LOCAL_VLAN).cookie(cookie);
                    if (type == NetworkType.FLAT) {
                        b.match(m -> m.inPort(in).untagged().ethDst(mac));
                    } else {
                        b.match(m -> m.inPort(in).vlan(lp.network().segmentationId()).ethDst(mac)).action(popVlan());
                    }
                    sink.add(Bridges.INTEGRATION, b.actions(deliver.toArray(Action[]::new)).build());
                });
            }
        }
    }
}
