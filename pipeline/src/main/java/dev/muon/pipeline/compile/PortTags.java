package dev.muon.pipeline.compile;

/**
 * Each wired VIF's access tag on br-int is its network's local VLAN on this node, as
 * Neutron's agent sets it (NORMAL switching and the local-VLAN flows depend on it).
 */
final class PortTags implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        for (LocalPort lp : ctx.topo().localPorts()) {
            sink.tag(lp.interfaceName(), lp.localVlan());
            sink.wire(PortWiring.wired(lp));
        }
    }
}
