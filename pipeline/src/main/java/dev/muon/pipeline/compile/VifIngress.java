package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.load;
import static dev.muon.pipeline.flow.PipelineTable.INT_LOCAL_SWITCHING;
import static dev.muon.pipeline.flow.PipelineTable.INT_MAC_SPOOF;
import static dev.muon.pipeline.flow.PipelineTable.INT_TRANSIENT;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.flow.Subfield;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a VIF's frames enter the pipeline (br-int table 0): the port goes into reg5 and its
 * network's local VLAN into reg6, as Neutron's openvswitch firewall does, so that later tables
 * (the router hook, the firewall) know the packet's network without matching every port; then
 * anti-spoofing (25), or straight to 60 for a port without port security.
 */
final class VifIngress implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        for (LocalPort lp : ctx.topo().localPorts()) {
            int next = lp.port().portSecurityEnabled() ? INT_MAC_SPOOF.number() : INT_TRANSIENT.number();
            sink.add(Bridges.INTEGRATION, INT_LOCAL_SWITCHING.flow(Priority.VIF_MAC_CHECK)
                    .cookie(ctx.cookies().port(lp.port().id(), lp.port().name()))
                    .match(m -> m.inPort(lp.ofport())).actions(then(lp, gotoTable(next))).build());
        }
    }

    /** reg5 = the port, reg6 = its local VLAN, then {@code next}. */
    static Action[] then(LocalPort lp, Action next) {
        List<Action> out = new ArrayList<>(registers(lp.ofport(), lp.localVlan()));
        out.add(next);
        return out.toArray(Action[]::new);
    }

    /** The loads that say which port (reg5) and network (reg6, the local VLAN) a packet is on. */
    static List<Action> registers(int ofport, int localVlan) {
        return List.of(load(Subfield.whole(Field.REG5), ofport), load(Subfield.whole(Field.REG6), localVlan));
    }
}
