package dev.muon.pipeline.compile;

import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.DuplicateFlowException;
import dev.muon.pipeline.flow.FlowDiff;
import dev.muon.pipeline.node.ObservedInterface;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The compiler: (model snapshot, node) → everything that node should hold. A pure
 * function: same input, same output, no I/O, so it is tested with golden flow dumps. Two
 * flows with one key on one bridge fail the compile ({@link DuplicateFlowException}).
 */
public final class PipelineCompiler {
    private PipelineCompiler() {
    }

    public static DesiredState compile(CompileInput in) {
        NodeTopology topo = new NodeTopology(in);
        CookieBook cookies = new CookieBook();

        Map<String, Integer> tags = new LinkedHashMap<>();
        topo.localPorts().forEach(lp -> tags.put(lp.interfaceName(), lp.localVlan()));
        for (ObservedInterface vif : topo.unwiredVifs()) {
            tags.put(vif.name(), Bridges.DEAD_VLAN);
        }
        TrunkWiring trunks = new TrunkWiring(topo);
        // a trunk's patch port into br-int is created parked on the dead VLAN until it is wired
        trunks.integrationPorts().forEach(p -> tags.putIfAbsent(p.name(), Bridges.DEAD_VLAN));

        Map<String, List<Flow>> flows = new LinkedHashMap<>();
        flows.put(Bridges.INTEGRATION, new IntegrationBridgeFlows(topo, cookies).compile());
        flows.put(Bridges.TUNNEL, new TunnelBridgeFlows(topo, cookies).compile());
        PhysicalBridgeFlows physical = new PhysicalBridgeFlows(topo, cookies);
        for (PhysicalBridge pb : topo.physicalBridges()) {
            flows.put(pb.bridge(), physical.compile(pb));
        }
        TrunkBridgeFlows trunkFlows = new TrunkBridgeFlows(topo, cookies);
        trunks.bridges().forEach(tb -> flows.put(tb.name(), trunkFlows.compile(tb)));

        flows.forEach(FlowDiff::requireDistinctKeys);
        return new DesiredState(in.hostname(),
                trunks.addTo(NodeBridges.compile(topo, in.controllerTarget()), in.controllerTarget()), tags, flows,
                cookies.owners(), topo.warnings());
    }
}
