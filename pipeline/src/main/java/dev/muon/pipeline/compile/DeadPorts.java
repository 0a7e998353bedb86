package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.PipelineTable.INT_LOCAL_SWITCHING;

import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.ObservedInterface;

/**
 * A VIF Muon does not wire (unknown port, admin down, network not carried here) sits on the
 * dead VLAN, and its frames are dropped outright too, as Neutron's port_dead does, since
 * NORMAL would otherwise switch them between dead VIFs. A trunk's br-int patch waits there
 * until it is wired. A VIF without an ofport yet carries nothing: it is tagged with the local
 * VLAN it will be wired on (issue 12: one OVSDB transaction per plug, made while ovs-vswitchd
 * numbers the port, so its ofport finds only flows left to push), or left untagged.
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
                // not in the datapath yet, so it carries nothing (and br-int drops an unknown in_port):
                // tagged once, ahead of its ofport, never parked and retagged
                topo.pendingVlan(vif).ifPresent(vlan -> sink.tag(vif.name(), vlan));
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
