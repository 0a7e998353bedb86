package dev.muon.controller.ops;

import dev.muon.controller.node.NodeRegistry;
import dev.muon.controller.reconcile.Reconciler;
import dev.muon.northbound.OperatorView;
import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.FlowDiff;
import dev.muon.pipeline.flow.FlowDump;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.trace.PacketTracer;
import dev.muon.pipeline.trace.TracePacket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The operator's view of a node's flows: what Muon computed, each flow followed by the
 * logical object its cookie names, how the node's switches differ from it right now, and
 * where a given packet would go through them.
 */
public final class FlowsReport implements OperatorView {
    private final NodeRegistry registry;
    private final Reconciler reconciler;
    private final Supplier<NetworkModel> model;

    public FlowsReport(NodeRegistry registry, Reconciler reconciler, Supplier<NetworkModel> model) {
        this.registry = registry;
        this.reconciler = reconciler;
        this.model = model;
    }

    @Override
    public String nodes() {
        StringBuilder sb = new StringBuilder();
        Map<String, NodeState> nodes = registry.nodeStates();
        if (nodes.isEmpty()) {
            return "no node connected\n";
        }
        for (NodeState n : nodes.values()) {
            Optional<DesiredState> d = reconciler.desired(n.hostname());
            sb.append(String.format("%s  encap %s  role %s  datapath %s  dvr-mac %s  bridges:", n.hostname(),
                    n.config().encapIp(), n.config().role().name().toLowerCase(), n.config().datapathType(),
                    reconciler.dvrMac(n.hostname()).orElse("-")));
            for (String bridge : d.map(x -> x.flows().keySet()).orElse(java.util.Set.of())) {
                boolean up = registry.switchOf(n.hostname(), bridge).map(OpenFlowSwitch::isConnected).orElse(false);
                sb.append(String.format(" %s(%s, %d flows)", bridge, up ? "connected" : "not connected",
                        d.get().flows(bridge).size()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public Optional<String> flows(String node, String bridge) {
        Optional<DesiredState> desired = reconciler.desired(node);
        if (desired.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<Flow>> e : desired.get().flows().entrySet()) {
            if (bridge == null || bridge.equals(e.getKey())) {
                sb.append(bridgeReport(node, e.getKey(), e.getValue(), desired.get().cookieOwners()));
                sb.append(MetersReport.of(registry.switchOf(node, e.getKey()), desired.get().meters(e.getKey())));
            }
        }
        if (sb.length() == 0) {
            sb.append("node ").append(node).append(" has no bridge ").append(bridge).append('\n');
        }
        return Optional.of(sb.toString());
    }

    @Override
    public Optional<String> trace(String node, String bridge, String packet) {
        Optional<DesiredState> desired = reconciler.desired(node);
        NodeState state = registry.nodeStates().get(node);
        if (desired.isEmpty() || state == null) {
            return Optional.empty();
        }
        if (!desired.get().flows().containsKey(bridge)) {
            throw new IllegalArgumentException("node " + node + " has no bridge " + bridge);
        }
        return Optional.of(PacketTracer.trace(desired.get(), state, model.get(), bridge, TracePacket.parse(packet))
                .text());
    }

    private String bridgeReport(String node, String bridge, List<Flow> want, Map<Long, String> owners) {
        StringBuilder sb = new StringBuilder();
        sb.append("== ").append(node).append(' ').append(bridge).append(": ").append(want.size())
                .append(" flows computed\n");
        sb.append(FlowDump.explain(want, owners));
        Optional<OpenFlowSwitch> sw = registry.switchOf(node, bridge).filter(OpenFlowSwitch::isConnected);
        if (sw.isEmpty()) {
            return sb.append("-- switch not connected: cannot compare\n").toString();
        }
        try {
            FlowChanges diff = FlowDiff.between(sw.get().dumpFlows().get(30, TimeUnit.SECONDS), want);
            if (diff.isEmpty()) {
                return sb.append("-- switch holds exactly these flows\n").toString();
            }
            sb.append("-- switch differs (the reconciler repairs this):\n");
            FlowDump.sorted(diff.upserts()).forEach(f -> sb.append("  missing or different: ").append(f.toOfctl()).append('\n'));
            FlowDump.sorted(diff.deletes()).forEach(f -> sb.append("  extra on switch:      ").append(f.toOfctl()).append('\n'));
        } catch (Exception ex) {
            sb.append("-- cannot read the switch's flows: ").append(ex).append('\n');
        }
        return sb.toString();
    }
}
