package dev.muon.pipeline.compile;

import java.util.Map;

/**
 * The bridges Muon owns on every node and what joins them: br-int and br-tun with the
 * patch-int/patch-tun pair, and each mapped physical bridge with its int-/phy- pair (never
 * its NICs, which are the operator's).
 */
final class BridgeWiring implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        sink.bridge(ctx.bridge(Bridges.INTEGRATION, false));
        sink.bridge(ctx.bridge(Bridges.TUNNEL, false));
        patchPair(sink, Bridges.TUNNEL, Bridges.PATCH_INT, Bridges.INTEGRATION, Bridges.PATCH_TUN);
        for (PhysicalBridge pb : ctx.topo().physicalBridges()) {
            sink.bridge(ctx.bridge(pb.bridge(), false));
            patchPair(sink, Bridges.INTEGRATION, pb.integrationPort(), pb.bridge(), pb.physicalPort());
        }
    }

    private static void patchPair(PipelineSink sink, String bridgeA, String portA, String bridgeB, String portB) {
        sink.port(bridgeA, new PortSpec(portA, "patch", Map.of("peer", portB)));
        sink.port(bridgeB, new PortSpec(portB, "patch", Map.of("peer", portA)));
    }
}
