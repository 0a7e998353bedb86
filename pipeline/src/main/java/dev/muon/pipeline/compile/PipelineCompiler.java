package dev.muon.pipeline.compile;

import dev.muon.pipeline.flow.DuplicateFlowException;
import java.util.List;

/**
 * The compiler: (model snapshot, node) → everything that node should hold. A pure
 * function: same input, same output, no I/O, so it is tested with golden flow dumps.
 *
 * <p>It is a list of concern modules, each contributing flows, bridges and ports, and port tags to one sink
 * that checks them against the table and field catalogues; two flows with one key on one
 * bridge fail the compile ({@link DuplicateFlowException}). A new feature is one more module.
 */
public final class PipelineCompiler {
    private static final List<PipelineModule> MODULES = List.of(
            new BridgeWiring(),
            new TunnelMesh(),
            new PipelineSkeleton(),
            new PortTags(),
            new DeadPorts(),
            new AntiSpoofing(),
            new Dhcp(),
            new ProviderVlanTranslation(),
            new TunnelBridgeBase(),
            new TunnelSegments(),
            new L2Population(),
            new ArpResponder(),
            new Flooding(),
            new Trunks(),
            new VifIngress(),
            new DvrMacs(),
            new DvrProcess(),
            new DvrDelivery(),
            new RouterHook(),
            new RouterResponders(),
            new Routing(),
            new RouterNeighbors(),
            new ExternalAddresses(),
            new Snat(),
            new FloatingIps(),
            new PortFirewall(),
            new FirewallRules());

    private PipelineCompiler() {
    }

    public static DesiredState compile(CompileInput in) {
        return compile(in, FragmentMemo.empty());
    }

    /** The same, reusing the per-port flows of the node's last compile whose inputs are unchanged. */
    public static DesiredState compile(CompileInput in, FragmentMemo memo) {
        NodeTopology topo = new NodeTopology(in);
        NodeRouters routers = new NodeRouters(in, topo);
        CompileContext ctx = new CompileContext(topo, routers, new NodeExternal(in, routers), new TrunkWiring(topo),
                new CookieBook(), in.controllerTarget(), in.dhcpMeter(), memo);
        PipelineSink sink = new PipelineSink(ctx.ownedBridges());
        for (PipelineModule module : MODULES) {
            module.contribute(ctx, sink);
        }
        return new DesiredState(in.hostname(),
                sink.bridges(), sink.tags(), sink.flows(), sink.meters(), ctx.cookies().owners(), topo.warnings(),
                sink.wiring(), ExternalAddresses.of(ctx));
    }
}
