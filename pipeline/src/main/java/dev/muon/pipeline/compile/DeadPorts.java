package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.PipelineTable.INT_LOCAL_SWITCHING;

import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.ObservedInterface;

/**
 * A VIF Muon does not wire (unknown port, admin down, network not carried here) sits on the
 * dead VLAN, and its frames are dropped outright too, as Neutron's port_dead does, since
 * NORMAL would otherwise switch them between dead VIFs. A trunk's br-int patch waits there
 * until it is wired. A VIF without an ofport is left untagged until it has one (issue 12: one
 * OVSDB transaction per plug, not two).
 */
final class DeadPorts implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        NodeTopology topo = ctx.topo();
        for (ObservedInterface vif : topo.unwiredVifs()) {
            if (vif.ifaceId() != null) {
                sink.wire(PortWiring.dead(vif.ifaceId(), vif.name(), topo.deadReason(vif)));
            }
            if (!vif.hasOfport()) {
                // not in the datapath yet, so it carries nothing: tagged once, when its ofport comes
                // (with its local VLAN if it can be wired by then), not parked and retagged
                continue;
            }
            sink.tag(vif.name(), Bridges.DEAD_VLAN);
            String portName = topo.model().port(vif.ifaceId()).map(Port::name).orElse(vif.name());
            sink.add(Bridges.INTEGRATION, INT_LOCAL_SWITCHING.flow(Priority.PORT_DROP)
                    .cookie(ctx.cookies().port(vif.ifaceId(), portName))
                    .match(m -> m.inPort(vif.ofport())).drop());
        }
    }
}
