package dev.muon.pipeline.compile;

import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeState;
import java.util.Map;

/** One VXLAN port on br-tun per other node (per distinct encap IP), keyed by flow, as Neutron's tunnel ports. */
final class TunnelMesh implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        NodeConfig cfg = ctx.topo().self().config();
        for (NodeState remote : ctx.topo().tunnelEndpoints()) {
            String remoteIp = remote.config().encapIp();
            sink.port(Bridges.TUNNEL, new PortSpec(Bridges.tunnelPortName(remoteIp), "vxlan", Map.of(
                    "remote_ip", remoteIp,
                    "local_ip", cfg.encapIp(),
                    "in_key", "flow",
                    "out_key", "flow")));
        }
    }
}
